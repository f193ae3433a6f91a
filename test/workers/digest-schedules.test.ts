// A digest Schedule per brand, from the config, on the real Temporal dev server: the calendar at
// the configured local time and zone (daily; weekly on its day), the brand's own settings over
// the global ones, updated in place, and deleted when the digest goes away.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../lib/config/load.js';
import { digestScheduleId } from '../../lib/contract/ids.js';
import { WORKFLOW_TYPES } from '../../lib/contract/workflows.js';
import { upsertSchedules } from '../../workers/schedules.js';

// A deployment of its own: the schedules tests run beside this file on the same server, and a
// deployment deletes the digest and poll schedules its config does not have.
const DEPLOYMENT = 'digest-schedules-test';
import { temporalClient } from '../helpers/temporal.js';

describe('digest schedules', () => {
  let temporal: Awaited<ReturnType<typeof temporalClient>>;
  const a = `dsa${Date.now().toString(36)}`;
  const b = `dsb${Date.now().toString(36)}`;
  beforeAll(async () => (temporal = await temporalClient()));
  afterAll(async () => {
    for (const id of [digestScheduleId(a), digestScheduleId(b), 'detect']) await temporal.client.schedule.getHandle(id).delete().catch(() => undefined);
    await temporal.connection.close();
    await temporal.native.close();
  });

  const cfg = (global: string, brandB: string) =>
    parseConfig(
      `brands:
  - { id: ${a}, name: A, queries: [a] }
  - { id: ${b}, name: B, queries: [b]${brandB} }
sources: [{ id: push-only, type: push, secret_env: X }]
${global}
alerts: { routes: [{ id: f, type: file, path: /tmp/unused.jsonl }] }
`,
      'd.yaml',
    );
  const describeDigest = (brand: string) => temporal.client.schedule.getHandle(digestScheduleId(brand)).describe();

  it('creates one per brand with the calendar, updates it, and deletes it when the digest goes', { timeout: 60_000 }, async () => {
    await upsertSchedules(temporal.client, cfg('digest: { every: daily, at: "07:30", tz: Europe/Paris, routes: [f] }', ', digest: { every: weekly, at: "09:15", day: fri, routes: [f] }'), undefined, DEPLOYMENT);
    const da = await describeDigest(a);
    expect(da.spec.timezone).toBe('Europe/Paris');
    expect(da.spec.calendars).toHaveLength(1);
    expect(da.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 7, end: 7, step: 1 }], minute: [{ start: 30, end: 30, step: 1 }] });
    expect(da.action).toMatchObject({ type: 'startWorkflow', workflowType: WORKFLOW_TYPES.digest, args: [{ brand: a }] });
    expect(da.policies).toMatchObject({ overlap: 'SKIP', catchupWindow: 3_600_000 });
    const db = await describeDigest(b);
    expect(db.spec.timezone).toBe('UTC');
    expect(db.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 9, end: 9, step: 1 }], minute: [{ start: 15, end: 15, step: 1 }], dayOfWeek: [{ start: 'FRIDAY', end: 'FRIDAY', step: 1 }] });

    // Changed time: updated in place. Then no global digest: brand A's schedule is deleted (found through the eventually consistent list).
    await upsertSchedules(temporal.client, cfg('digest: { every: daily, at: "06:00", routes: [f] }', ''), undefined, DEPLOYMENT);
    expect((await describeDigest(a)).spec.calendars?.[0]).toMatchObject({ hour: [{ start: 6, end: 6, step: 1 }] });
    expect((await describeDigest(b)).spec.calendars?.[0]).toMatchObject({ hour: [{ start: 6, end: 6, step: 1 }] });
    const log: string[] = [];
    const gone = `schedule ${digestScheduleId(a)} deleted (digest no longer configured)`;
    for (let i = 0; i < 50 && !log.includes(gone); i++) {
      await upsertSchedules(temporal.client, cfg('', ', digest: { every: weekly, routes: [f] }'), (m) => log.push(m), DEPLOYMENT);
      if (!log.includes(gone)) await new Promise((r) => setTimeout(r, 200));
    }
    expect(log).toContain(gone);
    await expect(describeDigest(a)).rejects.toThrow();
    expect((await describeDigest(b)).spec.calendars?.[0]).toMatchObject({ hour: [{ start: 8, end: 8, step: 1 }], dayOfWeek: [{ start: 'MONDAY', end: 'MONDAY', step: 1 }] });
  });

  it('config: a bad time, zone or route is named where it is', () => {
    expect(() => cfg('digest: { every: daily, at: "8am", routes: [f] }', '')).toThrow(/digest\.at: must be a time of day/);
    expect(() => cfg('digest: { every: daily, tz: Mars/Olympus, routes: [f] }', '')).toThrow(/digest\.tz: must be an IANA time zone/);
    expect(() => cfg('', ', digest: { every: daily, routes: [nope] }')).toThrow('brands[1].digest.routes[0]: unknown route "nope"');
    expect(() => cfg('digest: { every: hourly, routes: [f] }', '')).toThrow(/digest\.every/);
  });
});
