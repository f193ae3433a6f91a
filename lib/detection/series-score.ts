// The detector over one generic series (the `detect` CLI): each value is treated as the
// negative-mention volume of a bucket with no side channels. Causal: the bucket width is the
// most frequent step seen so far, and every score uses only rows up to its own.
import { createDetector, evidenceToScore } from './detector.js';
import type { DetectorOptions } from './types.js';

export interface SeriesRow {
  /** Epoch milliseconds. */
  t: number;
  /** NaN (or non-finite) marks a missing value: scored 0, not learned from. */
  value: number;
}

export type SeriesScoreOptions = Partial<DetectorOptions> & {
  /**
   * 'onset' (default): a row scores when it shows an anomaly stronger than what was last
   * reported, that memory fading with a half-life of `reportMemoryMs`, like an incident that
   * opens once and escalates (the rows of an anomaly that is merely going on, or that keeps
   * coming back at the same strength, score 0). 'level': every row gets the detector's score.
   */
  report?: 'onset' | 'level';
  /** Half-life of the memory of the last report (default three days). */
  reportMemoryMs?: number;
  /**
   * 'onset' scores are the evidence relative to the series' own recent peaks (a maximum of past
   * evidence whose memory halves every `peakMemoryMs`, default 14 days; 0: the raw evidence), so
   * that one threshold over many series compares how unusual each row is for its own series: a
   * series that spikes every week needs a bigger spike to score as high as a quiet one's first.
   */
  peakMemoryMs?: number;
};

const DAY = 86_400_000;

/**
 * Incremental form: push rows in time order, get each row's score as it arrives. A generic
 * series has no notion of incidents to be robust to, so by default the detector learns from
 * every row (`learning: 'adaptive'`): what the series keeps doing becomes its normal.
 */
export function createSeriesScorer(options: SeriesScoreOptions = {}): (row: SeriesRow) => number {
  const { report = 'onset', reportMemoryMs = 3 * DAY, peakMemoryMs = 14 * DAY, ...detectorOptions } = options;
  const d = createDetector({ bucketMs: 0, minNegative: 0, multiChannel: false, learning: 'adaptive', direction: 'both', ...detectorOptions });
  let integers = true;
  let memory = 0;
  let peak = 0;
  let lastT: number | null = null;
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
    // Counts: a handful of events on an almost silent series is not an incident, and neither is
    // its silence; a fall to nothing where dozens were expected is. (An explicit minNegative is
    // applied by the detector itself.)
    const floor = options.minNegative === undefined && integers ? 3 : 0;
    const f = floor > 0 ? Math.min(1, Math.max(0, r.value, s.baseline) / floor) ** 2 : 1;
    // Not rounded: the strongest anomalies differ only far after the decimal point, and a
    // threshold chosen over many files (as NAB chooses it) must still be able to rank them.
    const score = s.score * f;
    if (report === 'level') return score;
    const dt = lastT === null ? 0 : r.t - lastT;
    lastT = r.t;
    memory *= 0.5 ** (dt / reportMemoryMs);
    const evidence = (s.window?.evidence ?? 0) * f;
    const peakBefore = peakMemoryMs > 0 ? peak * 0.5 ** (dt / peakMemoryMs) : 0;
    peak = Math.max(peakBefore, evidence);
    if (!(evidence > memory) || score === 0) return 0;
    memory = evidence;
    return evidenceToScore(evidence / Math.max(1, peakBefore));
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

