// The causal spike detector: one brand's bucketed series in, one score per bucket out.
// Pure and deterministic; `createDetector(opts).push(point)` scores incrementally and
// `scoreSeries(points, opts)` is exactly pushing every point in order, so the live activity,
// the backtest and the `detect` CLI share one code path. How it works: docs/detection.md.
import type { DetectionConfig } from '../config/schema.js';
import { SeasonalModel, g, gInv, nbStable, newSeasonalState, type SeasonalState } from './seasonal.js';
import type { BucketPoint, BucketScore, DetectorOptions, Severity } from './types.js';

export const DEFAULT_DETECTOR_OPTIONS: Required<DetectorOptions> = {
  bucketMs: 300_000,
  threshold: 0.8,
  sensitivity: 1,
  minNegative: 5,
  zAlert: 5.2,
  zPair: 3.05,
  cusumK: 0.87,
  cusumAlert: 6.1,
  multiChannel: true,
};

/** The detector options a brand's `detection:` settings give. */
export function detectorOptionsFromConfig(cfg: DetectionConfig): DetectorOptions {
  return { bucketMs: cfg.bucket, threshold: cfg.threshold, sensitivity: cfg.sensitivity, minNegative: cfg.min_negative };
}

/** Bumped whenever DetectorState changes shape: an older saved state is not resumed. */
export const DETECTOR_STATE_VERSION = 2;

/** Everything the detector remembers: plain JSON, so it can be persisted and resumed. */
export interface DetectorState {
  version: number;
  vol: SeasonalState;
  reach: SeasonalState;
  platforms: SeasonalState;
  /** EWMAs of negative and total volume (baseline negative share). */
  shareNeg: number;
  shareTotal: number;
  /** EWMAs of negative volume and negative authors (usual posts per author). */
  dupNeg: number;
  dupAuthors: number;
  nSide: number;
  /** EWMA of the squared share z-score (its real variability, beyond binomial). */
  shareZ2: number;
  cusum: number;
  /** The previous scored bucket's z (two unusual buckets in a row confirm each other). */
  zPrev: number;
  prevT: number | null;
  /** Bucket width inferred from the data when options.bucketMs is 0. */
  inferredBucketMs: number;
  /** Backlog allowance after a gap: mentions that may arrive late, and for how many buckets. */
  credit: number;
  creditLeft: number;
  /** Last three scored volumes (volume floor). */
  recent: number[];
  /** Every value so far was a whole number (counts: Poisson noise floor). */
  integers: boolean;
}

export interface Detector {
  push(point: BucketPoint): BucketScore;
  /** A copy of the current state (pass it to createDetector to resume). */
  state(): DetectorState;
  readonly options: Required<DetectorOptions>;
}

function newState(): DetectorState {
  return {
    version: DETECTOR_STATE_VERSION,
    vol: newSeasonalState(),
    reach: newSeasonalState(),
    platforms: newSeasonalState(),
    shareNeg: 0,
    shareTotal: 0,
    dupNeg: 0,
    dupAuthors: 0,
    nSide: 0,
    shareZ2: 1,
    cusum: 0,
    zPrev: 0,
    prevT: null,
    inferredBucketMs: 0,
    credit: 0,
    creditLeft: 0,
    recent: [],
    integers: true,
  };
}

// Weights of the side channels, added to the volume z-score once it is already unusual (z > 1.3):
// a rise in the negative share, in the reach of negative posts and in the platforms carrying them.
// Chosen on the synthetic benchmark (docs/detection-benchmark.md) for recall at ~0.1 false alarm/week.
const W_SHARE = 0.17;
const W_REACH = 0.04;
const W_PLATFORMS = 0.09;
// Learning slows down for a bucket whose z exceeds LEARN_Z, and stops as the evidence of a wave
// (which includes the CUSUM) grows past LEARN_E.
const LEARN_Z = 2.6;
const LEARN_E = 0.35;

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const DAY = 86_400_000;
const WEEK = 7 * DAY;

/** Upper-tail standard normal quantile (Acklam's rational approximation, |error| < 1e-8). */
function normalQuantile(q: number): number {
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const p = Math.min(Math.max(q, 1e-15), 0.5); // upper tail probability
  const r = Math.sqrt(-2 * Math.log(p));
  return -(((((c[0] * r + c[1]) * r + c[2]) * r + c[3]) * r + c[4]) * r + c[5]) / ((((d[0] * r + d[1]) * r + d[2]) * r + d[3]) * r + 1);
}

/**
 * The alert levels are set for 5-minute buckets (2016 a week). A wider bucket is tested fewer
 * times a week, so for the same false alarms per week its levels can be lower (and a narrower
 * one needs higher): they scale with the normal quantile of (1 / 20 weeks) / (buckets a week).
 */
export function bucketLevelFactor(bucketMs: number): number {
  const q = (n: number) => normalQuantile(0.05 / n);
  return clamp(q(WEEK / bucketMs) / q(WEEK / 300_000), 0.6, 1.2);
}

/** Maps evidence (1 = alert level) to a score in [0, 1]: 0.5 -> 0.2, 0.8 -> 0.62, 1 -> 0.8, 1.5 -> 0.95. */
export function evidenceToScore(e: number): number {
  if (!(e > 0)) return 0;
  const e4 = e ** 4;
  return e4 / (e4 + 0.25);
}

/**
 * Severity of an anomalous bucket: how many times the usual volume it carries (x2 medium, x4 high,
 * x8 critical), capped by how sure the detector is (evidence below 1.2 at most medium, below 2 at
 * most high) and by volume (critical needs at least four times the volume floor).
 */
function severityOf(evidence: number, value: number, baseline: number, minNegative: number): Severity {
  const ratio = (value + 1) / (baseline + 1);
  let level = ratio >= 8 ? 4 : ratio >= 4 ? 3 : ratio >= 2 ? 2 : 1;
  if (evidence < 1.2) level = Math.min(level, 2);
  else if (evidence < 2) level = Math.min(level, 3);
  if (value < 4 * minNegative) level = Math.min(level, 3);
  return (['none', 'low', 'medium', 'high', 'critical'] as const)[level];
}

export function createDetector(options: Partial<DetectorOptions> = {}, resume?: DetectorState): Detector {
  const opts: Required<DetectorOptions> = { ...DEFAULT_DETECTOR_OPTIONS };
  for (const [k, v] of Object.entries(options)) if (v !== undefined) (opts as unknown as Record<string, unknown>)[k] = v;
  // A state saved by another version of the detector is not resumed: it starts afresh.
  const st: DetectorState = resume?.version === DETECTOR_STATE_VERSION ? structuredClone(resume) : newState();
  const vol = new SeasonalModel(st.vol, { counts: true });
  const reach = new SeasonalModel(st.reach, { counts: false });
  const platforms = new SeasonalModel(st.platforms, { counts: true });

  const bucketMs = () => (opts.bucketMs > 0 ? opts.bucketMs : st.inferredBucketMs > 0 ? st.inferredBucketMs : 3_600_000);

  /** A bucket without data: remember the mentions it should have had as a backlog allowance. */
  function addGap(t: number, buckets: number): void {
    const b = bucketMs();
    const n = Math.min(buckets, 4032);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += vol.expect(t + i * b, b, st.integers).expected;
    if (buckets > n) sum *= buckets / n;
    st.credit += 1.5 * sum + 2;
    st.creditLeft = Math.max(st.creditLeft, clamp(buckets, 6, 48));
  }

  function skipped(t: number, value: number): BucketScore {
    const b = bucketMs();
    const { expected, sigma } = vol.expect(t, b, st.integers);
    return {
      t,
      score: 0,
      severity: 'none',
      value,
      baseline: expected,
      anomalous: false,
      upper: gInv(g(expected) + 2 * sigma),
      z: 0,
      cusum: st.cusum,
      skipped: true,
    };
  }

  function push(p: BucketPoint): BucketScore {
    const t = p.t;
    if (st.prevT !== null) {
      if (!(t > st.prevT)) return skipped(t, p.negative); // duplicate or out of order: ignored
      const diff = t - st.prevT;
      if (opts.bucketMs <= 0 && (st.inferredBucketMs === 0 || diff < st.inferredBucketMs)) st.inferredBucketMs = diff;
      const gap = Math.round(diff / bucketMs()) - 1;
      if (gap > 0) addGap(st.prevT + bucketMs(), gap);
    }
    st.prevT = t;
    const b = bucketMs();
    const x = p.negative;
    if (p.missing || !Number.isFinite(x)) {
      addGap(t, 1);
      return skipped(t, Number.isFinite(x) ? x : 0);
    }
    if (!Number.isInteger(x)) st.integers = false;
    const counts = st.integers;

    // Many negative posts from few authors (a bot, a thread of one person): count authors instead.
    let xEff = Math.max(0, x);
    if (opts.multiChannel && p.negativeAuthors > 0 && st.dupAuthors > 0) {
      const usual = st.dupNeg / st.dupAuthors;
      xEff = Math.min(xEff, p.negativeAuthors * Math.max(1.25, 1.5 * usual));
    }

    const { expected: e, sigma, phi } = vol.expect(t, b, counts);
    const upper = gInv(g(e) + 2 * sigma);

    // A zero where many mentions were expected is an outage, not calm: treat it as a gap.
    if (x === 0 && st.vol.n >= 8 && g(e) - g(0) > 5 * sigma) {
      addGap(t, 1);
      return skipped(t, x);
    }

    // After a gap, mentions the source could not deliver may arrive at once: not a spike.
    let backlog = false;
    if (st.credit > 0) {
      const excess = Math.max(0, xEff - upper);
      const used = Math.min(excess, st.credit);
      if (used > 0) {
        backlog = true;
        st.credit -= used;
        xEff -= used;
      }
      st.creditLeft -= 1;
      if (st.creditLeft <= 0) st.credit = 0;
    }

    // Counts: z in the negative-binomial stabilised scale (unit variance under the learned
    // overdispersion), inflated like sigma for a young model; other values: Anscombe scale.
    let z = counts
      ? ((nbStable(xEff, phi) - nbStable(e, phi)) / (sigma / Math.sqrt(0.25 + (phi * e) / 4))) * opts.sensitivity
      : ((g(xEff) - g(e)) / sigma) * opts.sensitivity;
    z *= Math.min(1, st.vol.n / 12); // the first buckets cannot tell much
    let zShare = 0;
    if (opts.multiChannel && p.total > 0 && st.shareTotal > 0) {
      const p0 = clamp(st.shareNeg / st.shareTotal, 0.01, 0.99);
      zShare = (x - p0 * p.total) / Math.sqrt(p.total * p0 * (1 - p0) + 1) / Math.sqrt(Math.max(1, st.shareZ2));
    }
    if (opts.multiChannel && z > 1.3 && st.nSide >= 12) {
      let boost = W_SHARE * clamp(zShare, -4, 4);
      const r = reach.expect(t, b, false);
      if (r.expected > 0) boost += W_REACH * clamp((g(p.negativeReach) - g(r.expected)) / r.sigma, 0, 4);
      const pl = platforms.expect(t, b, true);
      boost += W_PLATFORMS * clamp((g(p.negativePlatforms) - g(pl.expected)) / pl.sigma, 0, 3);
      z += boost;
    }
    if (!Number.isFinite(z)) z = 0;

    // CUSUM of sustained small rises; capped so it falls back quickly once the wave is over.
    const lf = bucketLevelFactor(b);
    const cusumAlert = opts.cusumAlert * lf;
    st.cusum = clamp(st.cusum + Math.min(z, 3.5) - opts.cusumK, 0, 1.5 * cusumAlert);
    if (z < opts.cusumK / 2) st.cusum *= 0.5;
    const evidence = Math.max(0, z / (opts.zAlert * lf), Math.min(z, st.zPrev) / (opts.zPair * lf), st.cusum / cusumAlert);
    st.zPrev = z;

    // Volume floor: a bucket (or the last three, halved) must carry at least minNegative mentions.
    st.recent.push(xEff);
    if (st.recent.length > 3) st.recent.shift();
    const floorVol = Math.max(xEff, st.recent.reduce((a, v) => a + v, 0) / 2);
    const floorFactor = opts.minNegative > 0 ? Math.min(1, floorVol / opts.minNegative) ** 2 : 1;
    const score = evidenceToScore(evidence) * floorFactor;
    const anomalous = score >= opts.threshold && floorVol >= opts.minNegative && xEff > e;

    // Learn (robustly) unless the bucket is a backlog artefact.
    // A clearly unusual bucket teaches the profiles little or nothing, and the level at a quarter
    // of its speed (so a lasting change of regime is still accepted, slowly).
    const learn = Math.min(clamp(1 - (z - LEARN_Z) / 1.75, 0, 1), clamp(1 - 2 * (evidence - LEARN_E), 0, 1));
    if (!backlog) vol.update(t, b, xEff, evidence >= 0.5 ? 0.2 : 1, counts, learn);
    if (opts.multiChannel && evidence < 0.5 && !backlog) {
      st.nSide += 1;
      const a = Math.max(b / DAY, 1 / st.nSide);
      st.shareNeg += a * (x - st.shareNeg);
      st.shareTotal += a * (p.total - st.shareTotal);
      if (p.total > 0) st.shareZ2 += a * (Math.min(16, zShare * zShare) - st.shareZ2);
      if (x > 0 && p.negativeAuthors > 0) {
        st.dupNeg += a * (x - st.dupNeg);
        st.dupAuthors += a * (p.negativeAuthors - st.dupAuthors);
      }
      reach.update(t, b, p.negativeReach);
      platforms.update(t, b, p.negativePlatforms);
    }

    return {
      t,
      score,
      severity: anomalous ? severityOf(evidence, xEff, e, opts.minNegative) : 'none',
      value: x,
      baseline: e,
      anomalous,
      upper,
      z,
      cusum: st.cusum,
    };
  }

  return { push, state: () => structuredClone(st), options: opts };
}

/** Scores a whole series; identical to pushing each point into `createDetector(opts)` in order. */
export function scoreSeries(points: BucketPoint[], opts: Partial<DetectorOptions> = {}): BucketScore[] {
  const d = createDetector(opts);
  return points.map((p) => d.push(p));
}
