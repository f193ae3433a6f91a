// Each value against the values of the previous day: (value - their mean) / their standard
// deviation, the rolling z-score NAB ships as its reference (there 288 rows, a day of 5-minute
// buckets; here the values of the last 24 hours by the timestamps, the row a day earlier included). Pure and causal: a row's z
// uses only earlier rows. The `detect` CLI's second channel (series-score.ts): it sees a level
// change against the recent past that the seasonal scan, which expects what the same hour did
// before, learns away or scores weakly in series that are not counts.

const DAY = 86_400_000;
/** Fewer earlier values than this in the day: no z yet. */
const MIN_VALUES = 12;
/** A perfectly flat day still gives a finite z. */
const SD_FLOOR = 1e-9;
/** Sums are recomputed from the window this often, so rounding cannot accumulate. */
const RESUM_EVERY = 4096;

export interface DayZScore {
  /** The z of `value` at `t` against the day before it (NaN before a day of values exists); then learns it. Non-finite values are skipped. */
  push(t: number, value: number): number;
  /** Values in the day the last z was measured against (about the buckets in a day; 0 before the first z). */
  count(): number;
  /** Their mean (NaN before the first z). */
  mean(): number;
}

export function createDayZScore(spanMs = DAY): DayZScore {
  const ts: number[] = [];
  const vs: number[] = [];
  let head = 0;
  let firstT: number | null = null;
  let lastT = -Infinity;
  // Sums of (v - shift): a shift near the values keeps the variance exact for large, steady values.
  let shift = NaN;
  let sum = 0;
  let sumSq = 0;
  let sinceResum = 0;
  let lastN = 0;
  let lastMean = NaN;

  const resum = () => {
    sum = 0;
    sumSq = 0;
    for (let i = head; i < vs.length; i++) {
      const d = vs[i] - shift;
      sum += d;
      sumSq += d * d;
    }
    sinceResum = 0;
  };

  return {
    push(t, value) {
      if (!(t > lastT) || !Number.isFinite(value)) return NaN;
      lastT = t;
      firstT ??= t;
      while (head < ts.length && ts[head] < t - spanMs) {
        const d = vs[head] - shift;
        sum -= d;
        sumSq -= d * d;
        head++;
      }
      if (head > 1024 && head * 2 > ts.length) {
        ts.splice(0, head);
        vs.splice(0, head);
        head = 0;
      }
      const n = ts.length - head;
      let z = NaN;
      if (t - firstT >= spanMs && n >= MIN_VALUES) {
        const mean = sum / n;
        const sd = Math.max(Math.sqrt(Math.max(0, sumSq / n - mean * mean)), SD_FLOOR);
        z = (value - shift - mean) / sd;
        lastMean = mean + shift;
        lastN = n;
      }
      if (Number.isNaN(shift)) shift = value;
      ts.push(t);
      vs.push(value);
      const d = value - shift;
      sum += d;
      sumSq += d * d;
      if (++sinceResum >= RESUM_EVERY) resum();
      return z;
    },
    count: () => lastN,
    mean: () => lastMean,
  };
}
