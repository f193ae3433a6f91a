// When an incident opens and resolves: the one rule set shared by the live incident workflow and
// the backtest. Pure and deterministic (no clock, no I/O): plain data in, plain data out, so a
// workflow can call it directly and replay it.
//
// - open: an anomalous bucket while idle, unless the brand is in its cooldown;
// - severity: the highest severity seen while open;
// - resolve: once the buckets since the last unusual one add up to `resolveAfterMs` and every one
//   of them was calm (not anomalous, value at or below the top of the normal band); missing
//   buckets neither count towards calm nor break it;
// - cooldown: for `cooldownMs` after resolving, anomalous buckets open nothing (same wave).
import type { DetectionConfig } from '../config/schema.js';
import type { BucketScore, Severity } from './types.js';

export interface IncidentRules {
  bucketMs: number;
  resolveAfterMs: number;
  cooldownMs: number;
}

export type IncidentPhase = 'idle' | 'open' | 'cooldown';

export interface IncidentState {
  phase: IncidentPhase;
  /** Current (or last) incident: times are epoch ms; an incident opens when its first anomalous bucket completes. */
  openedAt: number | null;
  /** Start of the first anomalous bucket. */
  onsetBucket: number | null;
  severity: Severity;
  peakAt: number | null;
  peakValue: number;
  peakScore: number;
  /** Calm time accumulated since the last unusual bucket. */
  calmMs: number;
  resolvedAt: number | null;
  cooldownUntil: number | null;
  /** Buckets seen while open (scored ones). */
  buckets: number;
}

export type IncidentEvent =
  | { type: 'opened'; at: number; severity: Severity; value: number; baseline: number; score: number }
  | { type: 'severity_raised'; at: number; from: Severity; to: Severity }
  | { type: 'new_peak'; at: number; value: number; baseline: number; score: number }
  | { type: 'resolved'; at: number; openedAt: number; peakAt: number; severity: Severity }
  | { type: 'suppressed'; at: number; reason: 'cooldown' };

export const SEVERITY_RANK: Record<Severity, number> = { none: 0, low: 1, medium: 2, high: 3, critical: 4 };

export function initialIncidentState(): IncidentState {
  return {
    phase: 'idle',
    openedAt: null,
    onsetBucket: null,
    severity: 'none',
    peakAt: null,
    peakValue: 0,
    peakScore: 0,
    calmMs: 0,
    resolvedAt: null,
    cooldownUntil: null,
    buckets: 0,
  };
}

export function incidentRulesFromConfig(cfg: DetectionConfig): IncidentRules {
  return { bucketMs: cfg.bucket, resolveAfterMs: cfg.resolve_after, cooldownMs: cfg.cooldown };
}

/** A calm bucket: not anomalous and back at (or below) the top of the normal band. */
export function isCalm(s: BucketScore): boolean {
  return !s.anomalous && s.value <= (s.upper ?? s.baseline);
}

/**
 * Advances one brand's incident state by one scored bucket (buckets in time order).
 * Times in events are when the bucket completes (`t + bucketMs`): when the detector can know.
 */
export function nextIncidentState(
  state: IncidentState,
  s: BucketScore,
  rules: IncidentRules,
): { state: IncidentState; events: IncidentEvent[] } {
  const st: IncidentState = { ...state };
  const events: IncidentEvent[] = [];
  const at = s.t + rules.bucketMs;

  if (st.phase === 'cooldown' && st.cooldownUntil !== null && at >= st.cooldownUntil) {
    st.phase = 'idle';
  }

  if (st.phase !== 'open') {
    if (!s.anomalous || s.skipped) return { state: st, events };
    if (st.phase === 'cooldown') {
      events.push({ type: 'suppressed', at, reason: 'cooldown' });
      return { state: st, events };
    }
    const opened: IncidentState = {
      ...initialIncidentState(),
      phase: 'open',
      openedAt: at,
      onsetBucket: s.t,
      severity: s.severity,
      peakAt: s.t,
      peakValue: s.value,
      peakScore: s.score,
      buckets: 1,
    };
    events.push({ type: 'opened', at, severity: s.severity, value: s.value, baseline: s.baseline, score: s.score });
    return { state: opened, events };
  }

  // Open incident.
  if (s.skipped) return { state: st, events }; // a gap is neither spike nor recovery
  st.buckets += 1;
  if (SEVERITY_RANK[s.severity] > SEVERITY_RANK[st.severity]) {
    events.push({ type: 'severity_raised', at, from: st.severity, to: s.severity });
    st.severity = s.severity;
  }
  if (s.value > st.peakValue) {
    st.peakValue = s.value;
    st.peakAt = s.t;
    st.peakScore = Math.max(st.peakScore, s.score);
    events.push({ type: 'new_peak', at, value: s.value, baseline: s.baseline, score: s.score });
  }
  if (isCalm(s)) st.calmMs += rules.bucketMs;
  else st.calmMs = 0;
  if (st.calmMs >= rules.resolveAfterMs) {
    st.phase = 'cooldown';
    st.resolvedAt = at;
    st.cooldownUntil = at + rules.cooldownMs;
    events.push({ type: 'resolved', at, openedAt: st.openedAt ?? at, peakAt: st.peakAt ?? s.t, severity: st.severity });
  }
  return { state: st, events };
}
