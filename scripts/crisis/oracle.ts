// The reference a detector is compared with: an expectation-based Poisson scan that knows what
// no detector can, the TRUE negative posts (by creation time, an author once per 6 hours) and
// their exact expected count. At each bucket, every window ending there from one bucket to six
// hours is scored by the Poisson log-likelihood ratio of its count C against its expectation B
// (C ln(C/B) - (C - B) when C > B); the bucket's score is the best window's. Its alert level is
// calibrated on wave-free streams for a given false-alarm budget, and its alerts go through the
// same incident rules as the detector's.
import { initialIncidentState, nextIncidentState, type IncidentRules } from '../../lib/detection/incident-rules.js';
import type { BucketScore } from '../../lib/detection/types.js';
import { HOUR } from './scenario.js';

export const ORACLE_LONGEST_WINDOW = 6 * HOUR;

/** Scan score per bucket (causal: bucket i uses buckets <= i). */
export function poissonScan(counts: ArrayLike<number>, expected: ArrayLike<number>, maxWindow: number): Float64Array {
  const n = counts.length;
  const c = new Float64Array(n + 1);
  const e = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    c[i + 1] = c[i] + counts[i];
    e[i + 1] = e[i] + expected[i];
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let w = 1; w <= maxWindow && w <= i + 1; w++) {
      const C = c[i + 1] - c[i + 1 - w];
      const B = e[i + 1] - e[i + 1 - w];
      if (C > B && B > 0) {
        const llr = C * Math.log(C / B) - (C - B);
        if (llr > best) best = llr;
      }
    }
    out[i] = best;
  }
  return out;
}

/** Incident open times of a scan at alert level `level`, through the live incident rules. */
export function scanIncidents(start: number, scores: Float64Array, level: number, rules: IncidentRules): number[] {
  let st = initialIncidentState();
  const opened: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    const above = scores[i] >= level;
    // "Calm" for the rules is a score back under the level (the scan has no value band).
    const s: BucketScore = { t: start + i * rules.bucketMs, score: scores[i], severity: 'medium', value: above ? 1 : 0, baseline: 0, upper: 0, anomalous: above };
    const r = nextIncidentState(st, s, rules);
    st = r.state;
    for (const ev of r.events) if (ev.type === 'opened') opened.push(ev.at);
  }
  return opened;
}

export interface ScanSeries {
  start: number;
  /** Incidents opened before this time are not counted (warm-up). */
  from: number;
  scores: Float64Array;
  weeks: number;
}

/** Alarms a week at `level` over wave-free series. */
export function alarmsPerWeek(series: ScanSeries[], level: number, rules: IncidentRules): number {
  let alarms = 0;
  let weeks = 0;
  for (const s of series) {
    alarms += scanIncidents(s.start, s.scores, level, rules).filter((t) => t >= s.from).length;
    weeks += s.weeks;
  }
  return alarms / Math.max(weeks, 1e-9);
}

/** The lowest alert level whose alarms a week on wave-free series stay within `budget`. */
export function calibrateLevel(series: ScanSeries[], budget: number, rules: IncidentRules): number {
  let lo = 0;
  let hi = 1;
  while (alarmsPerWeek(series, hi, rules) > budget) hi *= 2;
  for (let k = 0; k < 40; k++) {
    const mid = (lo + hi) / 2;
    if (alarmsPerWeek(series, mid, rules) > budget) lo = mid;
    else hi = mid;
  }
  return hi;
}
