// A robust, causal, streaming baseline for one non-negative series (a Holt-Winters-like model
// with multiplicative hour-of-day and hour-of-week profiles and a slowly moving level).
//
//   expected(t) = level * day[hour-of-day(t)] * week[hour-of-week(t)]
//
// The hour-of-day profile is learned from every day (a week of memory); the hour-of-week one is a
// correction on top of it (weekends, Monday mornings): the median of the last three weeks' ratios
// for that hour, so a one-off wave is never learned as a weekly habit while a real habit is
// adopted after two weeks.
//
// The level and the hour-of-day profile are ratio estimators (EWMA of values over EWMA of what
// the other components predict), so zeros at night and thin series are handled without dividing
// by small numbers; the hour-of-day profile is interpolated between slot centres (a 10:55 bucket
// is mostly the 11:00 slot).
// Residuals live in Anscombe space, g(x) = sqrt(x + 3/8), where Poisson noise has variance 1/4;
// overdispersion is learned as `phi` in var = a0 + phi * expected / 4 (negative-binomial-like).
// Observations are clipped (Huber style) before they update anything, so a wave is not learned
// as the new normal while it happens. The state is plain JSON (it can be persisted and resumed).

const HOUR = 3_600_000;
const DAY = 86_400_000;
const WEEK = 7 * DAY;

export interface SeasonalState {
  /** Observations learned from. */
  n: number;
  lNum: number;
  lDen: number;
  dNum: number[];
  dDen: number[];
  /** Hours of data seen per hour-of-day slot (warm-up). */
  dCov: number[];
  /** Per hour-of-week slot, the ratios observed/expected of its last three visits (oldest first). */
  wHist: number[][];
  /** The visit in progress: its slot, observed and expected (without the weekly factor) sums. */
  visit: { slot: number; x: number; e: number; n: number; lastT: number } | null;
  /** EWMA of clipped squared residuals, and of expected / 4 (for the overdispersion). */
  r2: number;
  e4: number;
  nScale: number;
}

export interface SeasonalOptions {
  /** Integer counts: Poisson noise floor (variance 1/4 in Anscombe space) applies. */
  counts: boolean;
}

export interface Expectation {
  /** Expected value (baseline) in value space. */
  expected: number;
  /** Noise scale in Anscombe space, including the uncertainty of a young baseline. */
  sigma: number;
  /** The noise part of sigma alone (what the clipping band of the updates uses). */
  noise: number;
  /** Learned overdispersion: var(x) = expected + phi * expected^2 for counts. */
  phi: number;
  /** Relative variance of `expected` itself from profile slots not seen yet (day 1, week 1). */
  relVar: number;
}

export const g = (x: number): number => Math.sqrt(Math.max(0, x) + 0.375);
export const gInv = (y: number): number => Math.max(0, y * y - 0.375);

/**
 * Variance-stabilising transform of negative-binomial counts with overdispersion phi
 * (var = m + phi m^2): 2 asinh(sqrt(phi u)) / sqrt(phi), u = x + 3/8. Unit variance; like 2 sqrt(u)
 * for small phi (Poisson) and like a log for large phi m (multiplicative noise), so a busy,
 * bursty series is judged by ratios and a quiet one by counts.
 */
export function nbStable(x: number, phi: number): number {
  const u = Math.max(0, x) + 0.375;
  return phi < 1e-9 ? 2 * Math.sqrt(u) : (2 * Math.asinh(Math.sqrt(phi * u))) / Math.sqrt(phi);
}

export function newSeasonalState(): SeasonalState {
  return {
    n: 0,
    lNum: 0,
    lDen: 0,
    dNum: new Array(24).fill(0),
    dDen: new Array(24).fill(0),
    dCov: new Array(24).fill(0),
    wHist: Array.from({ length: 168 }, () => []),
    visit: null,
    r2: 0,
    e4: 0,
    nScale: 0,
  };
}

interface Slots {
  i1: number;
  i2: number;
  /** Weight of i2 (i1 gets 1 - w2). */
  w2: number;
}

function slots(t: number, period: number, unit: number, count: number): Slots {
  const pos = (((t % period) + period) % period) / unit - 0.5;
  const f = Math.floor(pos);
  return { i1: (f + count) % count, i2: (f + 1 + count) % count, w2: pos - f };
}

/** A slot's factor, shrunk towards 1 by `k` (so a slot seen with next to no volume stays near 1). */
function slotFactor(num: number[], den: number[], i: number, k: number): number {
  return den[i] > 0 ? Math.min(50, Math.max(0.02, (num[i] + k) / (den[i] + k))) : 1;
}
function factor(num: number[], den: number[], s: Slots, k: number): number {
  return (1 - s.w2) * slotFactor(num, den, s.i1, k) + s.w2 * slotFactor(num, den, s.i2, k);
}

/** The weekly factor of a slot: median of its visits, with "no weekly effect" (1) as a third voice
 * while there are only two, and a single visit (learned while everything else was young too)
 * trusted half-way. */
function weekFactor(h: number[]): number {
  if (h.length === 0) return 1;
  if (h.length === 1) return Math.min(2, Math.max(0.5, Math.sqrt(h[0]))); // half-way (geometric) to 1
  // The median of three, without allocating (this runs for every bucket).
  const two = h.length === 2;
  const a = two ? 1 : h[0];
  const b = two ? h[0] : h[1];
  const c = two ? h[1] : h[2];
  const median = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
  return Math.min(50, Math.max(0.02, median));
}

export class SeasonalModel {
  constructor(
    readonly state: SeasonalState = newSeasonalState(),
    readonly opts: SeasonalOptions = { counts: true },
  ) {}

  private profiles(t: number, bucketMs: number, counts: boolean) {
    const mid = t + bucketMs / 2;
    const useDay = bucketMs <= DAY / 4;
    const useWeek = bucketMs <= DAY * 2;
    const ds = slots(mid, DAY, HOUR, 24);
    const ws = Math.floor((((mid % WEEK) + WEEK) % WEEK) / HOUR);
    const s = this.state;
    // Shrinkage: 5% of the level, and for counts at least 0.01 mentions per bucket.
    const k = 0.05 * this.level() + (counts ? 0.01 : 1e-12);
    return {
      useDay,
      useWeek,
      ds,
      ws,
      d: useDay ? factor(s.dNum, s.dDen, ds, k) : 1,
      w: useWeek ? weekFactor(s.wHist[ws]) : 1,
    };
  }

  level(): number {
    const s = this.state;
    return s.lDen > 0 ? s.lNum / s.lDen : 0;
  }

  expect(t: number, bucketMs: number, counts = this.opts.counts): Expectation {
    const s = this.state;
    const p = this.profiles(t, bucketMs, counts);
    const expected = this.level() * p.d * p.w;
    const a0 = counts ? 0.25 : 0;
    const phi = s.e4 > 0 ? Math.max(0, s.r2 - a0) / s.e4 : 0;
    let v = a0 + (phi * expected) / 4;
    if (!counts) v = Math.max(v, 1e-4 * (expected + 1e-9), 1e-12);
    // A young model is less sure: inflate the noise for the first observations, and add the
    // uncertainty of profile slots that have not been seen yet (day 1, week 1).
    v *= 1 + 6 / (s.nScale + 1);
    const noise = Math.sqrt(v);
    const root = g(expected);
    // u is a relative error of the root; the expected value's relative error is about 2u.
    let relVar = 0;
    if (p.useDay) {
      const cov = (1 - p.ds.w2) * s.dCov[p.ds.i1] + p.ds.w2 * s.dCov[p.ds.i2];
      const u = 0.6 / (1 + cov * cov);
      v += (u * root) ** 2;
      relVar += 4 * u * u;
    }
    if (p.useWeek && bucketMs < DAY) {
      const seen = s.wHist[p.ws].length;
      const u = 0.15 / (1 + seen * seen);
      v += (u * root) ** 2;
      relVar += 4 * u * u;
    }
    return { expected, sigma: Math.sqrt(v), noise, phi, relVar };
  }

  /**
   * Learns from an observation. `x` is clipped to the band [g(e) - 3 noise, g(e) + 2 noise]
   * first; `scaleWeight` < 1 slows the noise estimate down and `learn` < 1 the level and the
   * profiles while something unusual is going on (a wave must not become the baseline).
   */
  update(t: number, bucketMs: number, x: number, scaleWeight = 1, counts = this.opts.counts, learn = 1): void {
    const s = this.state;
    const p = this.profiles(t, bucketMs, counts);
    const { expected: e, noise: sigma } = this.expect(t, bucketMs, counts);
    let xc = Math.max(0, x);
    let r = 0;
    if (s.n > 0) {
      r = g(xc) - g(e);
      if (s.n >= 4) {
        const rc = Math.max(-3 * sigma, Math.min(2 * sigma, r));
        xc = gInv(g(e) + rc);
      }
      // Noise: EWMA of squared residuals clipped at 3 sigma.
      const rClip = Math.max(-3 * sigma, Math.min(3 * sigma, r));
      const tauS = Math.max(16, (2 * DAY) / bucketMs);
      s.nScale += scaleWeight;
      const a = scaleWeight * Math.max(1 / tauS, 1 / s.nScale);
      s.r2 += a * (rClip * rClip - s.r2);
      s.e4 += a * (e / 4 - s.e4);
    }
    s.n += 1;
    // Level: ratio estimator over roughly one day (at least 8 buckets). During the first week it
    // is the plain average of everything seen: before a weekend has been seen once, a quiet
    // Saturday cannot be told from a falling level, and must not drag the level down.
    const tauL = Math.max(8, DAY / bucketMs);
    const warmN = p.useWeek ? Math.max(tauL, WEEK / bucketMs) : tauL;
    // While an hour-of-week slot has been seen only once, its weekly factor is a guess: the level
    // learns from it at a third of its speed (a misjudged Sunday must not drag Monday down).
    const sure = p.useWeek && s.wHist[p.ws].length === 1 ? 0.3 : 1;
    const aL = (s.n <= warmN ? 1 / s.n : sure / tauL) * (s.n > 1 ? Math.max(0.25, learn) : 1);
    s.lNum += aL * (xc - s.lNum);
    s.lDen += aL * (p.d * p.w - s.lDen);
    const L = this.level();
    // Hour-of-day profile, memory about a week of visits.
    if (p.useDay) {
      const unit = Math.min(1, bucketMs / HOUR);
      for (const [i, w] of [
        [p.ds.i1, 1 - p.ds.w2],
        [p.ds.i2, p.ds.w2],
      ] as const) {
        if (w <= 0 || learn <= 0) continue;
        s.dCov[i] += w * unit * learn;
        const gm = Math.min(1, Math.max((w * bucketMs) / (7 * DAY / 24) * learn, (w * unit * learn) / s.dCov[i]));
        s.dNum[i] += gm * (xc - s.dNum[i]);
        s.dDen[i] += gm * (L * p.w - s.dDen[i]);
      }
    }
    // Hour-of-week profile: one ratio per visit of a slot (an hour, or one bucket if longer).
    if (p.useWeek) {
      let v = s.visit;
      if (v && (v.slot !== p.ws || t - v.lastT > HOUR)) {
        // Not during the first day: the hour-of-day profile it is measured against is still unknown.
        if (v.n >= Math.max(1, (0.5 * HOUR) / bucketMs) && (!p.useDay || s.n > DAY / bucketMs)) {
          // Counts: a prior worth three mentions keeps a thin hour from meaning much.
          const k = counts ? 3 : 1e-12;
          const h = s.wHist[v.slot];
          h.push((v.x + k) / (v.e + k));
          if (h.length > 3) h.shift();
        }
        v = null;
      }
      if (!v) v = s.visit = { slot: p.ws, x: 0, e: 0, n: 0, lastT: t };
      v.x += Math.max(0, x);
      v.e += L * p.d;
      v.n += 1;
      v.lastT = t;
    }
  }
}
