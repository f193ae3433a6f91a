// The statistics of the multi-scale scan, pure: how surprising is it to see C events in a
// window where B were expected, and at what level is that surprising enough to alert for a
// target number of false alarms a week. No state, no I/O; detector.ts holds the state.
//
// Counts are tested with the likelihood ratio of an expectation-based scan (Neill, "Expectation-
// based scan statistics for monitoring spatial time series data", 2009): under "nothing is
// happening" the window's count has mean B; under "something is" it has mean qB, q > 1, fitted.
// The count is negative-binomial with size k (k = Infinity is Poisson): k carries the
// overdispersion of single buckets and the correlated error of the baseline over the window,
// so a busy brand's 20% busier Monday is not a wave while a small brand's 40 extra posts are.

/**
 * Log-likelihood ratio for "the rate rose" of C observed where B were expected, with
 * negative-binomial size k (Infinity: Poisson). 0 when C <= B (a fall is no evidence of a rise).
 *   Poisson:  C ln(C/B) - (C - B)
 *   NB:       C ln(C/B) - (C + k) ln((C + k) / (B + k))
 */
export function riseLlr(C: number, B: number, k = Infinity): number {
  if (!(C > B) || !(B > 0)) return 0;
  const poissonTerm = C * Math.log(C / B);
  if (!Number.isFinite(k)) return Math.max(0, poissonTerm - (C - B));
  return Math.max(0, poissonTerm - (C + k) * Math.log((C + k) / (B + k)));
}

/** The same for "the rate fell" (C < B): the other side of the fitted-rate likelihood ratio. */
export function fallLlr(C: number, B: number, k = Infinity): number {
  if (!(C < B) || !(B > 0)) return 0;
  const c = Math.max(0, C);
  const poissonTerm = c > 0 ? c * Math.log(c / B) : 0;
  if (!Number.isFinite(k)) return Math.max(0, poissonTerm - (c - B));
  return Math.max(0, poissonTerm - (c + k) * Math.log((c + k) / (B + k)));
}

/** Gaussian form for values that are not counts: the one-sided LLR of a standardised excess z. */
export function gaussianLlr(z: number): number {
  return z > 0 ? (z * z) / 2 : 0;
}

/**
 * Negative-binomial size of a window whose expected count is B, given the per-bucket
 * overdispersion phi (var = mu + phi mu^2, summed over the buckets as sumMu2) and the relative
 * variance psi of the baseline over the whole window (var += psi B^2).
 */
export function windowSize(B: number, sumMu2: number, phi: number, psi: number): number {
  const extra = phi * sumMu2 + psi * B * B;
  return extra > 1e-12 ? (B * B) / extra : Infinity;
}

/** Upper-tail standard normal quantile: z with P(Z > z) = p (Acklam's approximation, |error| < 1e-8). */
export function normalQuantile(p: number): number {
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const q = Math.min(Math.max(p, 1e-300), 0.5);
  const r = Math.sqrt(-2 * Math.log(q));
  return -(((((c[0] * r + c[1]) * r + c[2]) * r + c[3]) * r + c[4]) * r + c[5]) / ((((d[0] * r + d[1]) * r + d[2]) * r + d[3]) * r + 1);
}

/** Upper-tail normal probability P(Z > z) (Abramowitz-Stegun 7.1.26 on erfc, |error| < 1.5e-7). */
export function normalTail(z: number): number {
  if (z < 0) return 1 - normalTail(-z);
  const x = z / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const y = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return 0.5 * y * Math.exp(-x * x);
}

/**
 * The LLR level that, crossed by the best of `windows` windows at one bucket, gives about
 * `falseAlarmsPerWeek` crossings a week when nothing is happening. By Wilks, sqrt(2 LLR) of one
 * window is about a standard normal's upper half; the windows overlap and are strongly
 * correlated, so they count as about half as many independent tests; crossings come in runs,
 * which this ignores (it errs towards fewer alarms).
 */
export function llrLevel(falseAlarmsPerWeek: number, bucketMs: number, windows: number): number {
  const bucketsPerWeek = (7 * 86_400_000) / bucketMs;
  const tests = bucketsPerWeek * Math.max(1, windows / 2);
  const z = normalQuantile(Math.min(0.25, falseAlarmsPerWeek / tests));
  return (z * z) / 2;
}

/** Window lengths in buckets for window durations from one bucket to `maxMs`, about 1.5x apart. */
export function windowLengths(bucketMs: number, maxMs: number): number[] {
  const out: number[] = [];
  const max = Math.max(1, Math.round(maxMs / bucketMs));
  for (let w = 1; w <= max; w = Math.max(w + 1, Math.round(w * 1.5))) out.push(w);
  if (out[out.length - 1] !== max) out.push(max);
  return out;
}
