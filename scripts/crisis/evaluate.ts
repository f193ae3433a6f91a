// Scoring a detector's incidents against a stream's labelled events.
//
// - a wave is caught when an incident opens after its onset and no later than one bucket after
//   its end; delays run from the onset and from the doubling of negative volume (EventTruth)
//   to the incident's opened_at (when the alert can be sent);
// - an incident opened during a wave or up to resolve_after + 1 h after it belongs to the wave;
// - else one opened during a decoy or up to 2 h after it (after the backlog, for an outage)
//   is that decoy's alert;
// - anything else is a false alarm. Incidents of the warm-up days are not counted.
import type { IncidentRules } from '../../lib/detection/incident-rules.js';
import type { EventTruth } from './generate.js';
import { DAY, DECOY_KINDS, HOUR, WAVE_KINDS, type BrandSize, type DecoyKind, type WaveKind } from './scenario.js';

const MIN = 60_000;
const DECOY_TAIL = 2 * HOUR;
const WAVE_TAIL = HOUR;

export interface WaveOutcome {
  stream: string;
  size: BrandSize;
  kind: WaveKind;
  onset: number;
  end: number;
  doublingAt: number | null;
  caughtAt: number | null;
}

export interface DecoyOutcome {
  stream: string;
  kind: DecoyKind;
  onset: number;
  alerts: number;
}

export interface StreamOutcome {
  stream: string;
  size: BrandSize;
  waves: WaveOutcome[];
  decoys: DecoyOutcome[];
  /** Open times of incidents on no event. */
  falseAlarms: number[];
  weeks: number;
}

export interface StreamLabels {
  id: string;
  size: BrandSize;
  start: number;
  days: number;
  warmupDays: number;
  events: EventTruth[];
}

export function decoyEnd(e: EventTruth, bucketMs: number): number {
  return (e.backlogAt !== undefined ? e.backlogAt + bucketMs : e.end) + DECOY_TAIL;
}

export function attribute(s: StreamLabels, opened: number[], rules: IncidentRules): StreamOutcome {
  const from = s.start + s.warmupDays * DAY;
  const counted = opened.filter((t) => t >= from);
  const waves = s.events.filter((e) => e.wave);
  const decoys = s.events.filter((e) => !e.wave);
  const outcome: StreamOutcome = { stream: s.id, size: s.size, waves: [], decoys: [], falseAlarms: [], weeks: (s.days - s.warmupDays) / 7 };
  for (const w of waves) {
    const hit = counted.find((t) => t > w.onset && t <= w.end + rules.bucketMs);
    outcome.waves.push({ stream: s.id, size: s.size, kind: w.kind as WaveKind, onset: w.onset, end: w.end, doublingAt: w.doublingAt, caughtAt: hit ?? null });
  }
  const decoyAlerts = new Map<EventTruth, number>(decoys.map((d) => [d, 0]));
  for (const t of counted) {
    if (waves.some((w) => t > w.onset && t <= w.end + rules.resolveAfterMs + WAVE_TAIL)) continue;
    const d = decoys.find((e) => t > e.onset && t <= decoyEnd(e, rules.bucketMs));
    if (d) decoyAlerts.set(d, (decoyAlerts.get(d) ?? 0) + 1);
    else outcome.falseAlarms.push(t);
  }
  for (const d of decoys) outcome.decoys.push({ stream: s.id, kind: d.kind as DecoyKind, onset: d.onset, alerts: decoyAlerts.get(d) ?? 0 });
  return outcome;
}

/** Value at quantile q (nearest rank); NaN when empty. */
export function quantile(xs: number[], q: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}

export interface Summary {
  waves: number;
  caught: number;
  recall: number;
  byKind: Record<WaveKind, { waves: number; caught: number }>;
  bySize: Partial<Record<BrandSize, { waves: number; caught: number; falseAlarms: number; weeks: number }>>;
  falseAlarmsPerWeek: number;
  /** Incidents outside waves (false alarms and decoy alerts) a week. */
  nonWavePerWeek: number;
  decoys: Record<DecoyKind, { decoys: number; alerted: number }>;
  /** Minutes, over caught waves. */
  delayFromOnset: { median: number; p90: number };
  /** Minutes from the doubling of negative volume, over caught waves that doubled (negative: before it). */
  delayFromDoubling: { median: number; p90: number; waves: number };
  weeks: number;
}

export function summarise(outcomes: StreamOutcome[]): Summary {
  const waves = outcomes.flatMap((o) => o.waves);
  const decoys = outcomes.flatMap((o) => o.decoys);
  const weeks = outcomes.reduce((a, o) => a + o.weeks, 0);
  const caught = waves.filter((w) => w.caughtAt !== null);
  const fa = outcomes.reduce((a, o) => a + o.falseAlarms.length, 0);
  const decoyAlerts = decoys.reduce((a, d) => a + d.alerts, 0);
  const byKind = Object.fromEntries(
    WAVE_KINDS.map((k) => [k, { waves: waves.filter((w) => w.kind === k).length, caught: caught.filter((w) => w.kind === k).length }]),
  ) as Summary['byKind'];
  const bySize: Summary['bySize'] = {};
  outcomes.forEach((o) => {
    const r = (bySize[o.size] ??= { waves: 0, caught: 0, falseAlarms: 0, weeks: 0 });
    r.waves += o.waves.length;
    r.caught += o.waves.filter((w) => w.caughtAt !== null).length;
    r.falseAlarms += o.falseAlarms.length;
    r.weeks += o.weeks;
  });
  const onset = caught.map((w) => ((w.caughtAt as number) - w.onset) / MIN);
  const doubled = caught.filter((w) => w.doublingAt !== null).map((w) => ((w.caughtAt as number) - (w.doublingAt as number)) / MIN);
  return {
    waves: waves.length,
    caught: caught.length,
    recall: caught.length / Math.max(1, waves.length),
    byKind,
    bySize,
    falseAlarmsPerWeek: fa / Math.max(weeks, 1e-9),
    nonWavePerWeek: (fa + decoyAlerts) / Math.max(weeks, 1e-9),
    decoys: Object.fromEntries(
      DECOY_KINDS.map((k) => [k, { decoys: decoys.filter((d) => d.kind === k).length, alerted: decoys.filter((d) => d.kind === k && d.alerts > 0).length }]),
    ) as Summary['decoys'],
    delayFromOnset: { median: quantile(onset, 0.5), p90: quantile(onset, 0.9) },
    delayFromDoubling: { median: quantile(doubled, 0.5), p90: quantile(doubled, 0.9), waves: doubled.length },
    weeks,
  };
}
