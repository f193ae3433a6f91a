// The saved incident histories cover both delivery paths of the incident workflow: incident.json
// and incident-slow-route-1.json (a Slack route failing once while the wave grows) ran before the
// route-lanes patch (each alert awaited on every route), incident-2.json after it (a lane per
// route), incident-actions-1.json after the incident-actions patch (people's actions).
// replay-histories.test.ts replays them all on the current code.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { INCIDENT_ACTIONS_PATCH, ROUTE_LANES_PATCH } from '../../lib/contract/patches.js';
import { HISTORIES_DIR } from '../helpers/histories.js';

interface HistoryJson {
  events: { markerRecordedEventAttributes?: { markerName: string; details?: Record<string, { payloads: { data: string }[] }> } }[];
}

/** The patch ids a saved history recorded (core_patch markers; details are base64 JSON). */
function patchesIn(file: string): string[] {
  const history = JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8')) as HistoryJson;
  return history.events.flatMap((e) => {
    const m = e.markerRecordedEventAttributes;
    if (m?.markerName !== 'core_patch') return [];
    return Object.values(m.details ?? {}).flatMap((d) => d.payloads.map((p) => (JSON.parse(Buffer.from(p.data, 'base64').toString('utf8')) as { id: string }).id));
  });
}

describe('incident histories on both delivery paths', () => {
  it('incident.json and incident-slow-route-1.json took the old path, incident-2.json the route lanes', () => {
    expect(patchesIn('incident.json')).toEqual([]);
    expect(patchesIn('incident-slow-route-1.json')).toEqual([]);
    expect(patchesIn('incident-2.json')).toEqual([ROUTE_LANES_PATCH]);
  });

  it('incident-actions-1.json took the incident-actions path (assign, note, mute, resolve by hand)', () => {
    expect(patchesIn('incident-actions-1.json').sort()).toEqual([INCIDENT_ACTIONS_PATCH, ROUTE_LANES_PATCH].sort());
  });
});
