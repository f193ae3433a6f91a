// The detector over one generic series (the `detect` CLI): each value is treated as the
// negative-mention volume of a bucket with no side channels, scored by the live detector's scan
// and, beside it, by its z-score against the previous day (the higher onset wins). Causal: the
// bucket width is the most frequent step seen so far, and every score uses only rows up to its own.
import { createDayZScore } from './day-zscore.js';
import { createDetector, evidenceToScore } from './detector.js';
import { normalQuantile } from './scan.js';
import { g } from './seasonal.js';
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
  /**
   * 'onset' also scores each value's z-score against the previous day (day-zscore.ts), reported
   * the same way with its own memory and peaks; a row's score is the higher of the two (default
   * true; false: the scan alone).
   */
  dayZ?: boolean;
};

/**
 * Onset reporting of one channel's evidence: a row reports when its evidence is above what was
 * last reported (that memory halving every `memoryMs`), as its evidence relative to the
 * channel's recent peak (halving every `peakMs`; 0: no peaks), else 0.
 */
function onsetReporter(memoryMs: number, peakMs: number): (dt: number, evidence: number, eligible?: boolean) => number {
  let memory = 0;
  let peak = 0;
  return (dt, evidence, eligible = true) => {
    memory *= 0.5 ** (dt / memoryMs);
    const peakBefore = peakMs > 0 ? peak * 0.5 ** (dt / peakMs) : 0;
    peak = Math.max(peakBefore, evidence);
    if (!(evidence > memory) || !eligible) return 0;
    memory = evidence;
    return evidenceToScore(evidence / Math.max(1, peakBefore));
  };
}

const DAY = 86_400_000;

/**
 * Incremental form: push rows in time order, get each row's score as it arrives. A generic
 * series has no notion of incidents to be robust to, so by default the detector learns from
 * every row (`learning: 'adaptive'`): what the series keeps doing becomes its normal.
 */
export function createSeriesScorer(options: SeriesScoreOptions = {}): (row: SeriesRow) => number {
  const { report = 'onset', reportMemoryMs = 3 * DAY, peakMemoryMs = 14 * DAY, dayZ = true, ...detectorOptions } = options;
  const d = createDetector({ bucketMs: 0, minNegative: 0, multiChannel: false, learning: 'adaptive', direction: 'both', ...detectorOptions });
  const scan = onsetReporter(reportMemoryMs, peakMemoryMs);
  const dayScore = dayZ && report === 'onset' ? onsetReporter(reportMemoryMs, peakMemoryMs) : undefined;
  // Counts are z-scored on the square-root (Anscombe) scale, where Poisson noise is about as
  // wide at 1 a bucket as at 100: on the raw scale a 5 where 1 is usual is a 4-sigma event that
  // Poisson gives every few hours. Both are kept, so a series that turns out not to be counts
  // switches to the raw one.
  const dayZs = createDayZScore();
  const dayZsCounts = createDayZScore();
  let counts = true;
  const rises = d.options.direction === 'up';
  // Evidence 1 where the day's z is as rare as the false-alarm target allows: one test a bucket
  // (a day's values are about a day's buckets), both tails unless only rises count. A day holds
  // the same number of values row after row, so the level is kept for it.
  let levelFor = -1;
  let level = NaN;
  const zLevel = (perDay: number) => {
    if (perDay !== levelFor) {
      levelFor = perDay;
      level = normalQuantile(Math.min(0.25, d.options.falseAlarmsPerWeek / ((rises ? 1 : 2) * 7 * Math.max(1, perDay))));
    }
    return level;
  };
  let integers = true;
  let lastT: number | null = null;
  return (r) => {
    const missing = !Number.isFinite(r.value);
    if (!missing && !Number.isInteger(r.value)) integers = false;
    if (!missing && !(Number.isInteger(r.value) && r.value >= 0)) counts = false;
    const zRaw = dayZs.push(r.t, r.value);
    const zCounts = counts ? dayZsCounts.push(r.t, g(r.value)) : NaN; // no longer needed once a value is not a count
    // Below one a bucket, counts are mostly zeros and ones: no scale makes them normal, and the
    // scan's exact Poisson test is the one to trust.
    const z = !counts ? zRaw : dayZs.mean() >= 1 ? zCounts : NaN;
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
    if (s.skipped && !(dayScore && Number.isFinite(z))) return 0;
    // Counts: a handful of events on an almost silent series is not an incident, and neither is
    // its silence; a fall to nothing where dozens were expected is. (An explicit minNegative is
    // applied by the detector itself.)
    const floor = options.minNegative === undefined && integers ? 3 : 0;
    const f = floor > 0 ? Math.min(1, Math.max(0, r.value, s.baseline) / floor) ** 2 : 1;
    // Not rounded: the strongest anomalies differ only far after the decimal point, and a
    // threshold chosen over many files (as NAB chooses it) must still be able to rank them.
    const score = s.skipped ? 0 : s.score * f;
    if (report === 'level') return score;
    const dt = lastT === null ? 0 : r.t - lastT;
    lastT = r.t;
    const onset = scan(dt, s.skipped ? 0 : (s.window?.evidence ?? 0) * f, score > 0);
    if (!dayScore) return onset;
    // A backlog after a gap is not a rise (the scan forgave it); the day's z would see one. An
    // explicit volume floor gates it as the detector gates the scan's windows: a rise needs that
    // many, a fall that many expected.
    const min = options.minNegative;
    const fz = min === undefined ? f : (z > 0 ? r.value : s.baseline) >= min ? 1 : 0;
    const zEvidence = Number.isFinite(z) && !s.backlog ? ((rises ? Math.max(0, z) : Math.abs(z)) / zLevel(dayZs.count())) * fz : 0;
    return Math.max(onset, dayScore(dt, zEvidence));
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

