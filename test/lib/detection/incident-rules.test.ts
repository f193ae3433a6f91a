import { describe, expect, it } from 'vitest';
import {
  initialIncidentState,
  nextIncidentState,
  type IncidentEvent,
  type IncidentRules,
  type IncidentState,
} from '../../../lib/detection/incident-rules.js';
import type { BucketScore, Severity } from '../../../lib/detection/types.js';

const B = 300_000;
const RULES: IncidentRules = { bucketMs: B, resolveAfterMs: 3 * B, cooldownMs: 6 * B };
const T0 = Date.UTC(2025, 0, 1);

type Kind = 'calm' | 'high' | 'elevated' | 'gap' | Severity;
function bucket(i: number, kind: Kind): BucketScore {
  const base = { t: T0 + i * B, baseline: 10, upper: 16, z: 0 };
  if (kind === 'calm') return { ...base, score: 0.1, severity: 'none', value: 9, anomalous: false };
  if (kind === 'elevated') return { ...base, score: 0.5, severity: 'none', value: 20, anomalous: false };
  if (kind === 'gap') return { ...base, score: 0, severity: 'none', value: 0, anomalous: false, skipped: true };
  const sev: Severity = kind === 'high' ? 'high' : kind;
  return { ...base, score: 0.95, severity: sev, value: 30 + i, anomalous: true };
}

function run(kinds: Kind[], state: IncidentState = initialIncidentState()) {
  const events: IncidentEvent[] = [];
  let st = state;
  kinds.forEach((k, i) => {
    const r = nextIncidentState(st, bucket(i, k), RULES);
    st = r.state;
    events.push(...r.events);
  });
  return { state: st, events };
}

describe('nextIncidentState', () => {
  it('opens on the first anomalous bucket, when that bucket completes', () => {
    const { state, events } = run(['calm', 'calm', 'low']);
    expect(events).toEqual([expect.objectContaining({ type: 'opened', at: T0 + 3 * B, severity: 'low' })]);
    expect(state).toMatchObject({ phase: 'open', openedAt: T0 + 3 * B, onsetBucket: T0 + 2 * B });
  });

  it('keeps the highest severity seen and the peak', () => {
    const { state, events } = run(['low', 'critical', 'medium', 'calm']);
    expect(state.severity).toBe('critical');
    expect(events.filter((e) => e.type === 'severity_raised')).toEqual([expect.objectContaining({ from: 'low', to: 'critical' })]);
    expect(state.peakAt).toBe(T0 + 2 * B); // values grow with i in this fixture
  });

  it('resolves after resolve_after of calm buckets, not before', () => {
    const a = run(['high', 'calm', 'calm']);
    expect(a.state.phase).toBe('open');
    const b = run(['high', 'calm', 'calm', 'calm']);
    expect(b.state.phase).toBe('cooldown');
    expect(b.events.at(-1)).toMatchObject({ type: 'resolved', at: T0 + 4 * B, openedAt: T0 + B, severity: 'high' });
  });

  it('an elevated (above the normal band) bucket restarts the calm count', () => {
    const { state } = run(['high', 'calm', 'calm', 'elevated', 'calm', 'calm']);
    expect(state.phase).toBe('open');
  });

  it('a gap is neither spike nor recovery', () => {
    const { state } = run(['high', 'calm', 'gap', 'gap', 'gap', 'gap', 'calm']);
    expect(state.phase).toBe('open');
    expect(state.calmMs).toBe(2 * B);
  });

  it('opens nothing during the cooldown, then opens again', () => {
    const kinds: Kind[] = ['high', 'calm', 'calm', 'calm', 'high', 'high', 'calm', 'calm', 'calm', 'calm', 'high'];
    const { events } = run(kinds);
    const types = events.map((e) => e.type);
    expect(types.filter((t) => t === 'opened')).toHaveLength(2);
    expect(types.filter((t) => t === 'suppressed')).toHaveLength(2);
    // resolved at bucket 3's end (T0 + 4B); cooldown until T0 + 10B; bucket 10 ends at T0 + 11B.
    expect(events.filter((e) => e.type === 'opened').map((e) => e.at)).toEqual([T0 + B, T0 + 11 * B]);
  });

  it('is pure: the input state is not modified and the same inputs give the same outputs', () => {
    const s0 = initialIncidentState();
    const frozen = JSON.stringify(s0);
    const r1 = nextIncidentState(s0, bucket(0, 'high'), RULES);
    const r2 = nextIncidentState(s0, bucket(0, 'high'), RULES);
    expect(JSON.stringify(s0)).toBe(frozen);
    expect(r1).toEqual(r2);
  });
});
