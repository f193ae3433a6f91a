// The causal wave detector: one brand's bucketed series in, one score per bucket out. Pure and
// deterministic; `createDetector(opts).push(point)` scores incrementally and `scoreSeries` is
// exactly pushing every point in order, so the live activity, the backtest and the `detect`
// CLI share one code path. How it works, and why: docs/detection.md.
//
// At every bucket it tests every window ending now, from one bucket to `maxWindowMs` (six hours
// by default), with an expectation-based scan (scan.ts):
//   - absolute: are there more negative posts in the window than the seasonal baseline of
//     negative volume expects?
//   - relative: are there more than the window's other posts (everything not negative) predict
//     at the usual odds for these hours? A news day or a launch lifts every class, and the posts
//     the classifier wrongly calls negative with them: the odds stay put and this test stays
//     quiet, while a wave of complaints adds only to the negative side and is tested at full
//     strength (the count of other posts is noisy too, and that noise is part of the test).
// The relative test carries the evidence; the absolute test must agree at a lower level (two
// and a half standard errors: negative posts that rise only against a fall of everything else are not a
// wave). Without totals (the `detect` CLI) the absolute test is the whole evidence. A window
// counts only when it holds at least `minNegative` negative posts and is still fresh (see scan).
// The best window's likelihood ratio against the level set by `falseAlarmsPerWeek` is the
// evidence; 1 is the alert level.
import type { DetectionConfig } from '../config/schema.js';
import { fallLlr, gaussianLlr, llrLevel, riseLlr, windowLengths, windowSize } from './scan.js';
import { TRAILING_SPANS_MS } from './trailing-authors.js';
import { SeasonalModel, g, gInv, newSeasonalState, type SeasonalState } from './seasonal.js';
import type { BucketPoint, BucketScore, DetectorOptions, Severity, WindowEvidence } from './types.js';

export const DEFAULT_DETECTOR_OPTIONS: Required<DetectorOptions> = {
  bucketMs: 300_000,
  threshold: 0.8,
  sensitivity: 1,
  minNegative: 5,
  falseAlarmsPerWeek: 0.3,
  maxWindowMs: 6 * 3_600_000,
  multiChannel: true,
  direction: 'up',
  learning: 'robust',
};

/** The detector options a brand's `detection:` settings give. */
export function detectorOptionsFromConfig(cfg: DetectionConfig): DetectorOptions {
  return {
    bucketMs: cfg.bucket,
    threshold: cfg.threshold,
    sensitivity: cfg.sensitivity,
    minNegative: cfg.min_negative,
    falseAlarmsPerWeek: cfg.false_alarms_per_week,
    maxWindowMs: cfg.max_window,
  };
}

/** Bumped whenever DetectorState changes shape: an older saved state is not resumed. */
export const DETECTOR_STATE_VERSION = 5;

/** One scored bucket as the windows need it. */
interface Entry {
  t: number;
  /** Negative posts (after the one-author cap and backlog allowance), and the absolute baseline. */
  x: number;
  e: number;
  /** Total posts; the negative posts the other posts predict at the usual odds, and the variance that prediction adds. */
  total: number;
  ec: number;
  vc: number;
  /** Non-count series: the residual and its variance in the stabilised (Anscombe) scale. */
  r: number;
  v: number;
  /** Negative posts as they came (before any cap), and the bucket's trailing author counts (TRAILING_SPANS_MS; null: not given). */
  raw: number;
  authors: number[] | null;
}

/** Everything the detector remembers: plain JSON, so it can be persisted and resumed. */
export interface DetectorState {
  version: number;
  neg: SeasonalState;
  total: SeasonalState;
  /** The last buckets, newest last, as far back as the longest window. */
  recent: Entry[];
  /** Relative variance of the baseline over each window length, by length in buckets (absolute and share tests). */
  psi: Record<number, number>;
  psiShare: Record<number, number>;
  /** Non-count series: how much wider each window's summed residual spreads than independent buckets would. */
  spread: Record<number, number>;
  /** Usual negative share (EWMA of negative and total volume), and posts per negative author. */
  shareNeg: number;
  shareTotal: number;
  dupNeg: number;
  dupAuthors: number;
  /** The same over each trailing span (TRAILING_SPANS_MS): usual negative posts and their authors there. */
  spanNeg: number[];
  spanAuthors: number[];
  /** Calm buckets learned from. */
  n: number;
  prevT: number | null;
  /** Bucket width inferred from the data when options.bucketMs is 0: the most frequent step so far. */
  inferredBucketMs: number;
  /** How often each step between rows (ms) was seen, at most MAX_STEPS distinct ones. */
  steps: Record<number, number>;
  /** Backlog allowance after a gap (negative and total mentions that may arrive late), and for how many buckets. */
  credit: number;
  creditTotal: number;
  creditLeft: number;
  /** Every value so far was a whole number (counts: the Poisson scan applies). */
  integers: boolean;
  /** Any bucket so far had a total: the share test applies. */
  totals: boolean;
}

export interface Detector {
  push(point: BucketPoint): BucketScore;
  /** A copy of the current state (pass it to createDetector to resume). */
  state(): DetectorState;
  readonly options: Required<DetectorOptions>;
}

const DAY = 86_400_000;
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
/** A baseline's relative error over a window before anything is learned (about 15%). */
const PSI_START = 0.02;
/** How sure the absolute test must be, in standard errors, for the share test's evidence to count. */
const ABS_CONFIRM_Z = 2.5;
/** Winsorising of the baseline-error terms, in multiples of the current estimate. */
const WINSOR = 9;
/** Prior weight (posts) of the usual share in a slot's share. */
const SHARE_PRIOR = 2;
const LONGEST_SPAN = TRAILING_SPANS_MS[TRAILING_SPANS_MS.length - 1];
/** Distinct steps between rows counted to infer the bucket width (an irregular series has many). */
const MAX_STEPS = 64;

/**
 * The most negative posts `authors` distinct people plausibly write, given the usual posts per
 * author u (learned on calm buckets): each writes one plus a Poisson number of further posts of
 * mean u - 1; the cap is that total's mean plus two standard deviations. One account weighs as
 * one usual voice however often it posts (no per-bucket allowance: over a window it would add
 * up to a crowd); a crowd of usual posters is not capped.
 */
function authorCap(authors: number, usualNeg: number, usualAuthors: number): number {
  const u = usualAuthors > 0 ? Math.max(1, usualNeg / usualAuthors) : 1;
  return authors * u + 2 * Math.sqrt(authors * (u - 1));
}

function newState(): DetectorState {
  return {
    version: DETECTOR_STATE_VERSION,
    neg: newSeasonalState(),
    total: newSeasonalState(),
    recent: [],
    psi: {},
    psiShare: {},
    spread: {},
    shareNeg: 0,
    shareTotal: 0,
    dupNeg: 0,
    dupAuthors: 0,
    spanNeg: TRAILING_SPANS_MS.map(() => 0),
    spanAuthors: TRAILING_SPANS_MS.map(() => 0),
    n: 0,
    prevT: null,
    inferredBucketMs: 0,
    steps: {},
    credit: 0,
    creditTotal: 0,
    creditLeft: 0,
    integers: true,
    totals: false,
  };
}

/** One EWMA step of a window's relative error estimate, its term winsorised (see learnWindowErrors). */
function learnRel(rec: Record<number, number>, len: number, u: number, a: number, start: number, floor: number): void {
  const prev = rec[len] ?? start;
  rec[len] = prev + a * (clamp(u, -1, WINSOR * Math.max(prev, floor)) - prev);
}

/** Maps evidence (1 = alert level) to a score in [0, 1]: 0.5 -> 0.2, 0.8 -> 0.62, 1 -> 0.8, 1.5 -> 0.95. */
export function evidenceToScore(e: number): number {
  if (!(e > 0)) return 0;
  const e4 = e ** 4;
  return e4 / (e4 + 0.25);
}

/**
 * Severity of an alerting window: how many times the usual negative volume it carries (x2
 * medium, x4 high, x8 critical), capped by how sure the detector is (evidence below 1.5 at most
 * medium, below 3 at most high) and by volume (critical needs four times the volume floor).
 */
function severityOf(evidence: number, w: WindowEvidence, minNegative: number): Severity {
  const ratio = (w.negative + 1) / (w.expected + 1);
  let level = ratio >= 8 ? 4 : ratio >= 4 ? 3 : ratio >= 2 ? 2 : 1;
  if (evidence < 1.5) level = Math.min(level, 2);
  else if (evidence < 3) level = Math.min(level, 3);
  if (w.negative < 4 * Math.max(1, minNegative)) level = Math.min(level, 3);
  return (['none', 'low', 'medium', 'high', 'critical'] as const)[level];
}

export function createDetector(options: Partial<DetectorOptions> = {}, resume?: DetectorState): Detector {
  const opts: Required<DetectorOptions> = { ...DEFAULT_DETECTOR_OPTIONS };
  for (const [k, v] of Object.entries(options)) if (v !== undefined) (opts as unknown as Record<string, unknown>)[k] = v;
  const bucketMs = () => (opts.bucketMs > 0 ? opts.bucketMs : st.inferredBucketMs > 0 ? st.inferredBucketMs : 3_600_000);
  // A state saved by another version of the detector is not resumed: it starts afresh.
  const st: DetectorState = resume?.version === DETECTOR_STATE_VERSION ? structuredClone(resume) : newState();
  const neg = new SeasonalModel(st.neg, { counts: true });
  const total = new SeasonalModel(st.total, { counts: true });

  /**
   * The bucket width of a series without one: its most frequent step so far (ties: the shorter).
   * Not the smallest: one row a minute after another in a five-minute series (a clock
   * adjustment, a retry) would otherwise make every later window five times too short and every
   * profile slot five times too thin.
   */
  function inferBucket(diff: number): void {
    const seen = st.steps[diff];
    if (seen === undefined && Object.keys(st.steps).length >= MAX_STEPS) return;
    const n = (st.steps[diff] = (seen ?? 0) + 1);
    const cur = st.inferredBucketMs;
    const best = cur > 0 ? st.steps[cur] ?? 0 : 0;
    if (cur === 0 || n > best || (n === best && diff < cur)) st.inferredBucketMs = diff;
  }

  /** A bucket without data: the mentions it should have had may arrive later, all at once. */
  function addGap(t: number, buckets: number): void {
    const b = bucketMs();
    const n = Math.min(buckets, 4032);
    let sumN = 0;
    let sumT = 0;
    for (let i = 0; i < n; i++) {
      sumN += neg.expect(t + i * b, b, st.integers).expected;
      sumT += total.expect(t + i * b, b, true).expected;
    }
    const scale = buckets > n ? buckets / n : 1;
    st.credit += 1.5 * sumN * scale + 2;
    st.creditTotal += 1.5 * sumT * scale + 2;
    st.creditLeft = Math.max(st.creditLeft, clamp(buckets, 6, 48));
  }

  function skipped(t: number, value: number): BucketScore {
    const { expected, sigma } = neg.expect(t, bucketMs(), st.integers);
    return { t, score: 0, severity: 'none', value, baseline: expected, anomalous: false, upper: gInv(g(expected) + 2 * sigma), z: 0, skipped: true };
  }

  // Window lengths, the alert level and each window's author span (the shortest trailing span
  // that holds it, -1: none) depend only on the bucket width: computed once per width.
  let cachedFor = -1;
  let lens: number[] = [];
  let level = 0;
  let authorSpanOf: number[] = [];
  const windowsFor = (b: number) => {
    if (b !== cachedFor) {
      cachedFor = b;
      lens = windowLengths(b, opts.maxWindowMs);
      level = llrLevel(opts.falseAlarmsPerWeek, b, lens.length);
      authorSpanOf = lens.map((w) => TRAILING_SPANS_MS.findIndex((ms) => w * b <= ms));
    }
    return lens;
  };
  // Running sums from the newest entry back (index k covers the newest k entries), reused, and
  // how many entries each window of the last scan spans.
  let spanOf = new Int32Array(0);
  /** Per window of the scan, the most posts its authors may count for (Infinity: no author counts). */
  let spanBound = new Float64Array(0);
  let cap = 0;
  let cC = new Float64Array(0), cB = cC, cBs = cC, cVs = cC, cT = cC, cS2 = cC, cR = cC, cV = cC, cSD = cC;
  const ensure = (n: number) => {
    if (n <= cap) return;
    cap = Math.max(n, 2 * cap, 16);
    [cC, cB, cBs, cVs, cT, cS2, cR, cV, cSD] = Array.from({ length: 9 }, () => new Float64Array(cap + 1));
  };

  /**
   * Every window ending at the newest entry: its sums, its likelihood ratios, and the best
   * window by evidence. A window counts only while it is fresh: its newest quarter must still
   * be clearly above what is expected, so a wave that has ended stops alerting within a quarter
   * of the window that found it, instead of lingering as long as the window remembers it.
   */
  function scan(b: number, phi: number, unsure: number, unsureShare: number): WindowEvidence | undefined {
    const recent = st.recent;
    const last = recent.length - 1;
    const tNow = recent[last].t;
    ensure(recent.length);
    const counts = st.integers;
    for (let k = 1; k <= recent.length; k++) {
      const en = recent[last - k + 1];
      cC[k] = cC[k - 1] + en.x;
      cB[k] = cB[k - 1] + en.e;
      cT[k] = cT[k - 1] + en.total;
      if (counts) {
        cBs[k] = cBs[k - 1] + en.ec;
        cVs[k] = cVs[k - 1] + en.vc;
        cS2[k] = cS2[k - 1] + en.e * en.e;
      } else {
        cR[k] = cR[k - 1] + en.r;
        cV[k] = cV[k - 1] + en.v;
        cSD[k] = cSD[k - 1] + Math.sqrt(en.v);
      }
    }
    const lengths = windowsFor(b);
    if (spanOf.length < lengths.length) spanOf = new Int32Array(lengths.length);
    if (spanBound.length < lengths.length) spanBound = new Float64Array(lengths.length);
    const authors = recent[last].authors;
    for (let wi = 0; wi < lengths.length; wi++) {
      const k = authors ? authorSpanOf[wi] : -1;
      spanBound[wi] = authors && k >= 0 ? authorCap(authors[k], st.spanNeg[k], st.spanAuthors[k]) : Infinity;
    }
    let best = -1;
    let bestLlr = 0;
    let bestEvidence = 0;
    const youth = 0.3 / (1 + (2 * st.n * b) / DAY) ** 2;
    const youthAbs = youth + unsure;
    const youthShare = youth + unsureShare;
    const shareTest = opts.multiChannel && st.totals;
    const absWeight = level / (ABS_CONFIRM_Z ** 2 / 2);
    const both = opts.direction === 'both';
    let n = 0;
    for (let wi = 0; wi < lengths.length; wi++) {
      const w = lengths[wi];
      // The entries inside this window's span (missing buckets are simply absent).
      while (n < recent.length && recent[last - n].t > tNow - w * b) n++;
      const B = cB[n], Bs = cBs[n], T = cT[n];
      // One account behind many of the window's posts counts as one voice: the distinct authors
      // of the shortest trailing span that holds the window bound the posts tested.
      const C = Math.min(cC[n], spanBound[wi]);
      // Averaged unclipped (clipping each term at 0 would bias it up); negative means pure noise.
      const psi = Math.max(0, st.psi[w] ?? PSI_START) + youthAbs;
      let up: number;
      let down = 0;
      let share = Infinity;
      if (counts) {
        const k = windowSize(B, cS2[n], phi, psi);
        up = riseLlr(C, B, k);
        if (both) down = fallLlr(C, B, k);
        if (shareTest) share = riseLlr(C, Bs, windowSize(Bs, cVs[n], 1, Math.max(0, st.psiShare[w] ?? PSI_START) + youthShare));
      } else {
        // Residuals of a continuous series are often correlated: their window sums spread wider
        // than the buckets' variances add up to. The learned ratio widens the test accordingly.
        const spread = Math.max(1, st.spread[w] ?? 1);
        const sd = Math.sqrt(cV[n] * spread + youthAbs * cSD[n] * cSD[n]);
        const z = sd > 0 ? cR[n] / sd : 0;
        up = gaussianLlr(z);
        if (both) down = gaussianLlr(-z);
      }
      spanOf[wi] = n;
      // A rise needs at least minNegative posts in the window; a fall, that many expected.
      const upLlr = up > 0 && !(counts && C < opts.minNegative) ? (Number.isFinite(share) ? Math.min(share, up * absWeight) : up) : 0;
      const downLlr = both && down > 0 && !(counts && B < opts.minNegative) ? down : 0;
      if (Math.max(upLlr, downLlr) * opts.sensitivity <= bestLlr) continue; // cannot be the best window
      // Fresh: the newest quarter alone is at least one standard error beyond what it predicts,
      // and carries at least an eighth of the window's departure (a steady wave puts a quarter there).
      const f = Math.max(1, Math.ceil(n / 4));
      const E = shareTest ? Bs : B;
      const Ef = shareTest ? cBs[f] : cB[f];
      const freshUp = upLlr > 0 && (counts ? riseLlr(cC[f], Ef) >= 0.5 && cC[f] - Ef >= (C - E) / 8 : cR[f] > Math.sqrt(cV[f]) && cR[f] >= cR[n] / 8);
      const freshDown =
        downLlr > 0 && (counts ? fallLlr(cC[f], cB[f]) >= 0.5 && cB[f] - cC[f] >= (B - C) / 8 : -cR[f] > Math.sqrt(cV[f]) && -cR[f] >= -cR[n] / 8);
      let llr = Math.max(freshUp ? upLlr : 0, freshDown ? downLlr : 0);
      if (llr <= 0) continue;
      llr *= opts.sensitivity;
      const evidence = Math.sqrt(llr / level);
      if (llr > bestLlr) {
        best = wi;
        bestLlr = llr;
        bestEvidence = evidence;
      }
    }
    if (best < 0) return undefined;
    const n0 = spanOf[best];
    const C = cC[n0], Bs = cBs[n0], T = cT[n0];
    // The window's posts as counted (the test may have counted fewer: spanBound).
    return {
      ms: lengths[best] * b,
      negative: C,
      expected: cB[n0],
      total: T,
      share: T > 0 ? C / T : 0,
      baselineShare: shareTest && Bs + T - C > 0 ? Bs / (Bs + T - C) : 0,
      llr: bestLlr,
      evidence: bestEvidence,
    };
  }

  /**
   * The baselines' error over each window just scanned: what is left of (C - B)^2 after counting
   * noise. Learned from every bucket, not only calm ones (learning only from what the model
   * already finds calm would teach it that it is never wrong), but each term winsorised at
   * WINSOR times the current estimate and slowed down while a wave may be under way (`a`), so
   * one wave moves it little.
   */
  function learnWindowErrors(b: number, a: number, phi: number, counts: boolean): void {
    const lengths = windowsFor(b);
    for (let wi = 0; wi < lengths.length; wi++) {
      const w = lengths[wi];
      const n = spanOf[wi];
      const C = cC[n], B = cB[n], Bs = cBs[n];
      if (!counts) {
        if (cV[n] > 0) learnRel(st.spread, w, (cR[n] * cR[n]) / cV[n], a, 1, 1);
        continue;
      }
      if (B <= 0.5) continue;
      learnRel(st.psi, w, ((C - B) ** 2 - B - phi * cS2[n]) / (B * B), a, PSI_START, 0.01);
      if (Bs > 0.5) learnRel(st.psiShare, w, ((C - Bs) ** 2 - Bs - cVs[n]) / (Bs * Bs), a, PSI_START, 0.01);
    }
  }

  /** Negative posts as they came in the buckets that start after `from`. */
  function rawSince(from: number): number {
    let sum = 0;
    for (let i = st.recent.length - 1; i >= 0 && st.recent[i].t > from; i--) sum += st.recent[i].raw;
    return sum;
  }

  function push(p: BucketPoint): BucketScore {
    const t = p.t;
    if (st.prevT !== null) {
      if (!(t > st.prevT)) return skipped(t, p.negative); // duplicate or out of order: ignored
      const diff = t - st.prevT;
      if (opts.bucketMs <= 0) inferBucket(diff);
      const gap = Math.round(diff / bucketMs()) - 1;
      if (gap > 0) addGap(st.prevT + bucketMs(), gap);
    }
    st.prevT = t;
    const b = bucketMs();
    const x = p.negative;
    // A false positive's window (docs/incidents.md): neither a wave nor calm, so nothing is
    // learned from it; unlike a missing bucket it owes no backlog either.
    if (p.excluded) return skipped(t, Number.isFinite(x) ? x : 0);
    if (p.missing || !Number.isFinite(x)) {
      addGap(t, 1);
      return skipped(t, Number.isFinite(x) ? x : 0);
    }
    if (!Number.isInteger(x)) st.integers = false;
    const counts = st.integers;
    const tot = Math.max(p.total, x, 0);
    if (p.total > 0) st.totals = true;

    // Many negative posts from few authors (a bot, one angry account): count authors instead.
    let xEff = Math.max(0, x);
    if (opts.multiChannel && p.negativeAuthors > 0 && st.dupAuthors > 0) xEff = Math.min(xEff, authorCap(p.negativeAuthors, st.dupNeg, st.dupAuthors));
    let totEff = tot - (Math.max(0, x) - xEff);

    const en = neg.expect(t, b, counts);
    const et = total.expect(t, b, true);
    const upper = gInv(g(en.expected) + 2 * en.sigma);

    // A zero where many mentions were expected is an outage, not calm: treat it as a gap, whose
    // mentions may arrive later as a backlog. When falls are what is being looked for, the zero
    // is still scored (a fall), and its backlog still forgiven.
    if (x === 0 && st.neg.n >= 8 && g(en.expected) - g(0) > 5 * en.sigma) {
      addGap(t, 1);
      if (opts.direction !== 'both') return skipped(t, x);
    }

    // After a gap, mentions the source could not deliver may arrive at once: not a spike.
    let backlog = false;
    if (st.creditLeft > 0) {
      const usedN = Math.min(Math.max(0, xEff - upper), st.credit);
      const usedT = Math.min(Math.max(0, totEff - gInv(g(et.expected) + 2 * et.sigma)), st.creditTotal);
      if (usedN > 0 || usedT > 0) backlog = true;
      xEff -= usedN;
      totEff -= usedT;
      st.credit -= usedN;
      st.creditTotal -= usedT;
      st.creditLeft -= 1;
      if (st.creditLeft <= 0) st.credit = st.creditTotal = 0;
    }

    // The negative posts this bucket's other posts predict at the usual odds for this hour.
    const usualShare = st.shareTotal > 0 ? st.shareNeg / st.shareTotal : 0.25;
    const slotShare = clamp((en.expected + SHARE_PRIOR * usualShare) / (et.expected + SHARE_PRIOR), 0.005, 0.95);
    const odds = slotShare / (1 - slotShare);
    const others = Math.max(0, totEff - xEff);
    const entry: Entry = {
      t,
      x: xEff,
      e: en.expected,
      total: totEff,
      ec: odds * others,
      vc: odds * odds * others,
      r: counts ? 0 : g(xEff) - g(en.expected),
      v: counts ? 0 : en.sigma * en.sigma,
      raw: Math.max(0, x),
      authors: opts.multiChannel && p.negativeAuthorsTrailing?.length === TRAILING_SPANS_MS.length ? p.negativeAuthorsTrailing : null,
    };
    st.recent.push(entry);
    const lengths = windowsFor(b);
    // The longest author span at least while author counts come in: posts per author are learned over it.
    const maxSpan = Math.max(lengths[lengths.length - 1] * b, entry.authors ? LONGEST_SPAN : 0);
    while (st.recent.length && st.recent[0].t <= t - maxSpan) st.recent.shift();

    // How unsure the seasonal baselines themselves are here (an hour of the day or week not seen
    // yet): the relative variance of their expected counts.
    // The usual odds are learned from the posts of the last day or two: their own uncertainty
    // (seasonal profiles mostly cancel out of a share, so they are not added to it).
    const learnedBuckets = Math.min(st.n, (2 * DAY) / b);
    const oddsRelVar = 1 / (st.shareNeg * learnedBuckets + 1) + 1 / (Math.max(0, st.shareTotal - st.shareNeg) * learnedBuckets + 1);
    const best = scan(b, en.phi, en.relVar, oddsRelVar);
    const warm = Math.min(1, st.n / 12); // the first buckets cannot tell much
    const evidence = (best?.evidence ?? 0) * warm;
    const score = evidenceToScore(evidence);
    const anomalous = score >= opts.threshold && best !== undefined && best.negative > best.expected && xEff > 0;

    // Learn (robustly) unless the bucket is a backlog artefact. While a wave may be under way
    // the baselines learn slowly (a lasting change of regime is still accepted, slowly), and
    // the noise estimates not at all.
    const adaptive = opts.learning === 'adaptive';
    const learn = adaptive ? 1 : clamp(1 - 2 * (evidence - 0.35), 0, 1);
    const wary = evidence >= 0.5 && !adaptive ? 0.2 : 1;
    if (!backlog) {
      neg.update(t, b, xEff, wary, counts, learn);
      total.update(t, b, totEff, wary, true, learn);
    }
    if (evidence < 0.5 && !backlog) {
      st.n += 1;
      const a = Math.max(b / (2 * DAY), 1 / st.n);
      if (opts.multiChannel) {
        st.shareNeg += a * (xEff - st.shareNeg);
        st.shareTotal += a * (totEff - st.shareTotal);
        if (x > 0 && p.negativeAuthors > 0) {
          st.dupNeg += a * (x - st.dupNeg);
          st.dupAuthors += a * (p.negativeAuthors - st.dupAuthors);
        }
        TRAILING_SPANS_MS.forEach((ms, k) => {
          const n = entry.authors?.[k] ?? 0;
          if (n <= 0) return;
          st.spanNeg[k] += a * (rawSince(t - ms) - st.spanNeg[k]);
          st.spanAuthors[k] += a * (n - st.spanAuthors[k]);
        });
      }
    }
    if (!backlog) learnWindowErrors(b, Math.max(b / (2 * DAY), 1 / Math.max(1, st.n)) * wary, en.phi, counts);

    return {
      t,
      score,
      severity: anomalous && best ? severityOf(evidence, best, opts.minNegative) : 'none',
      value: x,
      baseline: en.expected,
      anomalous,
      upper,
      z: best ? Math.sqrt(2 * best.llr) : 0,
      window: best && evidence > 0 ? (warm < 1 ? { ...best, evidence } : best) : undefined,
      ...(backlog ? { backlog } : {}),
    };
  }

  return { push, state: () => structuredClone(st), options: opts };
}

/** Scores a whole series; identical to pushing each point into `createDetector(opts)` in order. */
export function scoreSeries(points: BucketPoint[], opts: Partial<DetectorOptions> = {}): BucketScore[] {
  const d = createDetector(opts);
  return points.map((p) => d.push(p));
}
