// Experiment: the detector's per-row evidence turned into an "anomaly likelihood" (as Numenta's
// HTM detector post-processes its raw scores): how far the short-term mean of the evidence sits in
// the tail of its own trailing distribution. `bench-nab --scorer scripts/experiments/nab-likelihood.ts#<name>`.
import { createDetector } from '../../lib/detection/detector.js';
import type { SeriesRow } from '../../lib/detection/series-score.js';

/** erfc(z) (Numerical Recipes' Chebyshev fit, relative error under 1.2e-7). */
function erfc(z: number): number {
  const t = 1 / (1 + 0.5 * Math.abs(z));
  const y = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return z >= 0 ? y : 2 - y;
}
/** The standard normal's upper tail. */
const Q = (x: number) => 0.5 * erfc(x / Math.SQRT2);

function likelihoodScorer(opts: { short: number; hist: number; transform: 'raw' | 'log'; learnFrom: number }) {
  return (rows: SeriesRow[]): number[] => {
    const d = createDetector({ bucketMs: 0, minNegative: 0, multiChannel: false, learning: 'adaptive', direction: 'both' });
    let integers = true;
    const evid: number[] = [];
    const avgs: number[] = [];
    const out: number[] = [];
    let sum = 0;
    let sumSq = 0;
    for (const r of rows) {
      const missing = !Number.isFinite(r.value);
      if (!missing && !Number.isInteger(r.value)) integers = false;
      const s = d.push({ t: r.t, total: missing ? 0 : r.value, negative: missing ? NaN : r.value, negativeAuthors: 0, negativeReach: 0, negativePlatforms: 0, lowRatings: 0, missing });
      if (s.skipped) { out.push(0); continue; }
      const floor = integers ? 3 : 0;
      const f = floor > 0 ? Math.min(1, Math.max(0, r.value, s.baseline) / floor) ** 2 : 1;
      let e = (s.window?.evidence ?? 0) * f;
      if (opts.transform === 'log') e = Math.log1p(e);
      evid.push(e);
      const k = Math.min(opts.short, evid.length);
      let m = 0;
      for (let i = evid.length - k; i < evid.length; i++) m += evid[i];
      m /= k;
      // Trailing distribution of the short-term means (before this row), as running sums.
      const n = Math.min(avgs.length, opts.hist);
      const mu = n ? sum / n : 0;
      const sd = n ? Math.max(Math.sqrt(Math.max(0, sumSq / n - mu * mu)), 1e-6) : 1;
      avgs.push(m);
      sum += m;
      sumSq += m * m;
      if (avgs.length > opts.hist) {
        const old = avgs[avgs.length - 1 - opts.hist];
        sum -= old;
        sumSq -= old * old;
      }
      if (n < opts.learnFrom) { out.push(0); continue; }
      const like = 1 - Q((m - mu) / sd);
      // Numenta's log scale: 0.5 at a likelihood of 1 - 1e-5.
      out.push(Math.min(1, Math.log(1.0000000001 - like) / Math.log(1.0000000001 - 0.99999) * 0.5));
    }
    return out;
  };
}

export const like = likelihoodScorer({ short: 10, hist: 8640, transform: 'raw', learnFrom: 300 });
export const likeLog = likelihoodScorer({ short: 10, hist: 8640, transform: 'log', learnFrom: 300 });
export const likeLog1 = likelihoodScorer({ short: 1, hist: 8640, transform: 'log', learnFrom: 300 });
