// The detector over one generic series (the `detect` CLI): each value is treated as the
// negative-mention volume of a bucket with no side channels. Causal: the bucket width is the
// smallest step seen so far, and every score uses only rows up to its own.
import { createDetector } from './detector.js';
import type { DetectorOptions } from './types.js';

export interface SeriesRow {
  /** Epoch milliseconds. */
  t: number;
  /** NaN (or non-finite) marks a missing value: scored 0, not learned from. */
  value: number;
}

export type SeriesScoreOptions = Partial<DetectorOptions> & {
  /**
   * 'onset' (default): a row scores when an anomaly starts or grows past what it already
   * reached, like an incident that opens once and escalates; the rows of an anomaly that is
   * merely going on score 0. 'level': every row gets the detector's score.
   */
  report?: 'onset' | 'level';
};

/** Rows of calm (score below this) that end an anomaly, so the next one is reported afresh. */
const CALM_SCORE = 0.3;
const CALM_ROWS = 6;

/** Incremental form: push rows in time order, get each row's score as it arrives. */
export function createSeriesScorer(options: SeriesScoreOptions = {}): (row: SeriesRow) => number {
  const { report = 'onset', ...detectorOptions } = options;
  const d = createDetector({ bucketMs: 0, minNegative: 0, multiChannel: false, ...detectorOptions });
  let integers = true;
  let peak = 0;
  let calm = 0;
  return (r) => {
    const missing = !Number.isFinite(r.value);
    if (!missing && !Number.isInteger(r.value)) integers = false;
    const s = d.push({
      t: r.t,
      total: missing ? 0 : r.value,
      negative: missing ? NaN : r.value,
      negativeAuthors: 0,
      negativeReach: 0,
      negativePlatforms: 0,
      lowRatings: 0,
      missing,
    });
    if (s.skipped) return 0;
    // Counts: a handful of events on an almost silent series is not an incident. (An explicit
    // minNegative is applied by the detector itself.)
    const floor = options.minNegative === undefined && integers ? 3 : 0;
    const f = floor > 0 ? Math.min(1, Math.max(0, r.value) / floor) ** 2 : 1;
    const score = Math.round(s.score * f * 1e6) / 1e6;
    if (report === 'level') return score;
    calm = score < CALM_SCORE ? calm + 1 : 0;
    if (calm >= CALM_ROWS) peak = 0;
    if (score <= peak) return 0;
    peak = score;
    return score;
  };
}

/**
 * Anomaly score in [0, 1] per row. Defaults: bucket width inferred from the timestamps,
 * a volume floor of 3 while the values are whole numbers (counts), none otherwise.
 */
export function scoreValues(rows: SeriesRow[], options: SeriesScoreOptions = {}): number[] {
  const score = createSeriesScorer(options);
  return rows.map(score);
}

/** Epoch seconds or milliseconds (by magnitude), or an ISO-8601 string; NaN when unreadable. */
export function parseTimestamp(raw: string): number {
  const s = raw.trim();
  if (/^[+-]?\d+(\.\d+)?$/.test(s)) {
    const n = Number(s);
    return Math.abs(n) < 1e11 ? Math.round(n * 1000) : Math.round(n);
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(s)) return NaN;
  // "2024-01-01 10:00:00" without a zone is read as UTC, like ISO dates.
  let iso = s.replace(' ', 'T');
  if (/T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(iso)) iso += 'Z';
  return Date.parse(iso);
}

