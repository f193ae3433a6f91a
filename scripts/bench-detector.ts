// npx tsx scripts/bench-detector.ts [--seed 1] [--series 80] [--days 28] [--json]
// Seeded synthetic mention-volume series (hour-of-day and day-of-week rhythm, trend, overdispersed
// noise, source gaps, backlogs after gaps, bot bursts) with injected waves of negative chatter of
// several sizes and shapes. Runs the live detector + incident rules (and the `detect` CLI path)
// and reports recall of the injected waves, false alarms per week and detection delay.
// Results: docs/detection-benchmark.md.
import { createDetector } from '../lib/detection/detector.js';
import { initialIncidentState, nextIncidentState, type IncidentRules } from '../lib/detection/incident-rules.js';
import { createSeriesScorer } from '../lib/detection/series-score.js';
import type { BucketPoint, BucketScore, DetectorOptions } from '../lib/detection/types.js';
import { cliProgram, numberIn, parseArgs } from './lib-cli.js';
import { mulberry32 } from './lib-random.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

// ---- seeded randomness ------------------------------------------------------------------------
class Rng {
  constructor(readonly u: () => number) {}
  range(a: number, b: number) {
    return a + (b - a) * this.u();
  }
  int(a: number, b: number) {
    return Math.floor(this.range(a, b + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.u() * xs.length)];
  }
  normal() {
    return Math.sqrt(-2 * Math.log(this.u() + 1e-12)) * Math.cos(2 * Math.PI * this.u());
  }
  poisson(l: number): number {
    if (l <= 0) return 0;
    if (l > 40) return Math.max(0, Math.round(l + Math.sqrt(l) * this.normal()));
    const L = Math.exp(-l);
    let k = 0;
    let p = this.u();
    while (p > L) {
      k++;
      p *= this.u();
    }
    return k;
  }
  gamma(shape: number): number {
    // Marsaglia-Tsang (shape >= 1; boosted for shape < 1).
    if (shape < 1) return this.gamma(shape + 1) * this.u() ** (1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const x = this.normal();
      const v = (1 + c * x) ** 3;
      if (v <= 0) continue;
      if (Math.log(this.u()) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
    }
  }
  /** Negative binomial with mean m and overdispersion phi (var = m + phi m^2). */
  negbin(m: number, phi: number): number {
    if (phi <= 0) return this.poisson(m);
    return this.poisson(m * this.gamma(1 / phi) * phi);
  }
}

// ---- scenario generation -----------------------------------------------------------------------
type Shape = 'step' | 'ramp' | 'exponential' | 'spike';
interface Wave {
  onset: number;
  end: number;
  shape: Shape;
  /** Peak extra negative mentions per bucket relative to the baseline at onset. */
  ratio: number;
  peakExtra: number;
}
interface Series {
  name: string;
  scale: string;
  points: BucketPoint[];
  waves: Wave[];
  weeks: number;
}

const SCALES = [
  { name: 'tiny', mean: 0.15 },
  { name: 'small', mean: 1.5 },
  { name: 'medium', mean: 8 },
  { name: 'large', mean: 40 },
  { name: 'huge', mean: 250 },
] as const;
const SHAPES: Shape[] = ['step', 'ramp', 'exponential', 'spike'];
const RATIOS = [0.5, 1, 2, 4, 8];

/** No wave in the first days (the baseline warms up); then one wave at most per slot of 1.2 days. */
const WARMUP_DAYS = 3;
const WAVE_SLOT_DAYS = 1.2;
const MIN_DAYS = WARMUP_DAYS + WAVE_SLOT_DAYS;

function makeSeries(rng: Rng, idx: number, days: number, bucketMs: number): Series {
  const scale = SCALES[idx % SCALES.length];
  const start = Date.UTC(2025, 0, 6) + rng.int(0, 6) * DAY; // any weekday
  const n = Math.round((days * DAY) / bucketMs);
  const peakHour = rng.range(10, 21);
  const dayAmp = rng.range(0.3, 0.9);
  const weekend = rng.range(0.55, 1.2);
  const growth = rng.range(-0.2, 0.8); // over the whole series
  const phi = rng.pick([0, 0.05, 0.15, 0.3]);
  const share = rng.range(0.08, 0.3);
  const mean = scale.mean * rng.range(0.6, 1.6);
  const base = (i: number) => {
    const t = start + i * bucketMs;
    const h = ((t % DAY) / HOUR + 24) % 24;
    const dow = new Date(t).getUTCDay();
    const diurnal = 1 + dayAmp * Math.cos(((h - peakHour) / 24) * 2 * Math.PI);
    const wk = dow === 0 || dow === 6 ? weekend : 1;
    return mean * diurnal * wk * (1 + (growth * i) / n);
  };

  // Waves: 2-4 per series after a three-day warm-up, at least a day apart.
  const waves: Wave[] = [];
  const slots = Math.floor((days - WARMUP_DAYS) / WAVE_SLOT_DAYS);
  if (slots < 1) throw new Error(`${days} days is too short: a series needs at least ${MIN_DAYS} (${WARMUP_DAYS} warm-up days and ${WAVE_SLOT_DAYS} per wave)`);
  // Never more waves than slots (short series), else the slot search below would not end.
  const nWaves = Math.min(rng.int(2, 4), slots);
  const used = new Set<number>();
  for (let k = 0; k < nWaves; k++) {
    let slot = rng.int(0, slots - 1);
    while (used.has(slot)) slot = (slot + 1) % slots;
    used.add(slot);
    const onsetI = Math.round(((WARMUP_DAYS + slot * WAVE_SLOT_DAYS) * DAY + rng.range(0, 0.8) * DAY) / bucketMs);
    const shape = rng.pick(SHAPES);
    const ratio = rng.pick(RATIOS);
    const durMs = shape === 'spike' ? rng.int(2, 4) * bucketMs : rng.range(1, 6) * HOUR;
    const endI = onsetI + Math.max(1, Math.round(durMs / bucketMs));
    // Peak extra volume: a multiple of the usual volume at that time, and never less than a few posts.
    const peakExtra = Math.max(ratio * base(onsetI), 3 * ratio);
    waves.push({ onset: start + onsetI * bucketMs, end: start + endI * bucketMs, shape, ratio, peakExtra });
  }
  waves.sort((a, b) => a.onset - b.onset);

  // Gaps (source down, explicit missing buckets) and backlogs (a burst right after some gaps).
  const gaps: { from: number; to: number; backlog: boolean }[] = [];
  for (let k = rng.int(1, 4); k > 0; k--) {
    const from = rng.int(Math.round(DAY / bucketMs), n - 10);
    const len = Math.max(1, Math.round((rng.range(0.5, 5) * HOUR) / bucketMs));
    const hit = waves.some((w) => start + from * bucketMs < w.end + 2 * HOUR && start + (from + len) * bucketMs > w.onset - 2 * HOUR);
    if (!hit) gaps.push({ from, to: from + len, backlog: rng.u() < 0.6 });
  }
  // Bot bursts: many negative posts from one or two authors (unlabelled: not a wave of people).
  const bots: number[] = [];
  for (let k = rng.int(0, 2); k > 0; k--) bots.push(rng.int(Math.round(DAY / bucketMs), n - 5));

  const points: BucketPoint[] = [];
  let backlog = 0;
  for (let i = 0; i < n; i++) {
    const t = start + i * bucketMs;
    const b = base(i);
    let extra = 0;
    for (const w of waves) {
      if (t < w.onset || t >= w.end) continue;
      const dur = w.end - w.onset;
      const x = (t - w.onset + bucketMs) / dur; // 0..1 through the wave
      const f =
        w.shape === 'step' ? 1 : w.shape === 'ramp' ? Math.min(1, x * 1.5) : w.shape === 'spike' ? 1 : Math.min(1, 2 ** (10 * (x - 1)) * 1.0 + 0.01);
      extra += w.peakExtra * f;
    }
    const gap = gaps.find((g) => i >= g.from && i < g.to);
    if (gap) {
      if (gap.backlog) backlog += rng.negbin(b, phi);
      points.push({ t, total: 0, negative: 0, negativeAuthors: 0, negativeReach: 0, negativePlatforms: 0, lowRatings: 0, missing: true });
      continue;
    }
    let neg = rng.negbin(b, phi) + rng.poisson(extra);
    let authors = Math.max(neg > 0 ? 1 : 0, Math.round(neg * rng.range(0.85, 1)));
    if (backlog > 0) {
      neg += Math.round(backlog);
      authors += Math.round(backlog * 0.95);
      backlog = 0;
    }
    if (bots.includes(i)) {
      neg += Math.round(Math.max(20, 6 * b)); // one or two authors, same bucket
      authors += rng.int(1, 2);
    }
    const other = rng.negbin(b * ((1 - share) / share), phi);
    const platforms = Math.min(4, neg === 0 ? 0 : 1 + rng.poisson(Math.min(3, neg / 6) + (extra > 0 ? 0.5 : 0)));
    let reach = 0;
    for (let k = 0; k < Math.min(neg, 50); k++) reach += Math.exp(rng.normal() * 1.5 + 4);
    if (neg > 50) reach *= neg / 50;
    points.push({
      t,
      total: neg + other,
      negative: neg,
      negativeAuthors: authors,
      negativeReach: Math.round(reach),
      negativePlatforms: platforms,
      lowRatings: 0,
    });
  }
  return { name: `${scale.name}-${idx}`, scale: scale.name, points, waves, weeks: days / 7 };
}

// ---- evaluation --------------------------------------------------------------------------------
interface Outcome {
  detected: boolean;
  delayMin: number | null;
  wave: Wave;
  scale: string;
}

function evaluate(series: Series, openedAts: number[], rules: IncidentRules) {
  const outcomes: Outcome[] = series.waves.map((w) => {
    const hit = openedAts.find((o) => o > w.onset && o <= w.end + rules.bucketMs);
    return { detected: hit !== undefined, delayMin: hit !== undefined ? (hit - w.onset) / MIN : null, wave: w, scale: series.scale };
  });
  // A false alarm opens outside every wave (waves last until end + the resolve time).
  const fa = openedAts.filter((o) => !series.waves.some((w) => o > w.onset && o <= w.end + rules.resolveAfterMs + HOUR)).length;
  return { outcomes, fa };
}

function incidentsOf(scores: BucketScore[], rules: IncidentRules): number[] {
  let st = initialIncidentState();
  const opened: number[] = [];
  for (const s of scores) {
    const r = nextIncidentState(st, s, rules);
    st = r.state;
    for (const e of r.events) if (e.type === 'opened') opened.push(e.at);
  }
  return opened;
}

const pct = (xs: number[], q: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * (s.length - 1) + 0.5))];
};
const fmt = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');

function summary(label: string, outcomes: Outcome[], fa: number, weeks: number) {
  const det = outcomes.filter((o) => o.detected);
  const delays = det.map((o) => o.delayMin as number);
  return {
    label,
    waves: outcomes.length,
    recall: det.length / Math.max(1, outcomes.length),
    faPerWeek: fa / weeks,
    delayMedianMin: pct(delays, 0.5),
    delayP90Min: pct(delays, 0.9),
  };
}

async function main() {
  const o = parseArgs<{ seed: number; series: number; days: number; bucket: number; sensitivity: number; threshold: number; json?: boolean }>(
    cliProgram('bench-detector', 'Recall, false alarms per week and delay of the detector on seeded synthetic series with injected waves')
      .option('--seed <n>', 'random seed', numberIn({ integer: true }), 1)
      .option('--series <n>', 'number of series', numberIn({ integer: true, min: 1 }), 80)
      .option('--days <n>', `days per series (at least ${MIN_DAYS})`, numberIn({ min: MIN_DAYS }), 28)
      .option('--bucket <min>', 'bucket width in minutes', numberIn({ above: 0 }), 5)
      .option('--sensitivity <x>', 'detector sensitivity', numberIn({ above: 0 }), 1)
      .option('--threshold <x>', 'detector threshold', numberIn({ min: 0, max: 1 }), 0.8)
      .option('--json', 'print JSON instead of a table'),
  );
  const bucketMs = o.bucket * MIN;
  const detOpts: DetectorOptions = { bucketMs, threshold: o.threshold, sensitivity: o.sensitivity, minNegative: 5, multiChannel: !process.env.BENCH_VOLUME_ONLY };
  const rules: IncidentRules = { bucketMs, resolveAfterMs: 30 * MIN, cooldownMs: 60 * MIN };
  const rng = new Rng(mulberry32(o.seed));

  const live: Outcome[] = [];
  const cli: Outcome[] = [];
  let faLive = 0;
  let faCli = 0;
  let weeks = 0;
  const faByScale: Record<string, { live: number; cli: number; weeks: number }> = {};
  const t0 = Date.now();
  let buckets = 0;
  for (let i = 0; i < o.series; i++) {
    const s = makeSeries(rng, i, o.days, bucketMs);
    weeks += s.weeks;
    buckets += s.points.length;
    // Live path: full bucket points (share, authors, reach, platforms) through the detector.
    const d = createDetector(detOpts);
    const scores = s.points.map((p) => d.push(p));
    const ev = evaluate(s, incidentsOf(scores, rules), rules);
    if (process.env.BENCH_DEBUG) {
      for (const at of incidentsOf(scores, rules)) {
        if (s.waves.some((w) => at > w.onset && at <= w.end + rules.resolveAfterMs + HOUR)) continue;
        const k = scores.findIndex((x) => x.t + bucketMs === at);
        const ctx = scores.slice(Math.max(0, k - 3), k + 1).map((x, j) => {
          const p = s.points[Math.max(0, k - 3) + j];
          return `${p.missing ? 'M' : p.negative}/${x.baseline.toFixed(1)} z${x.z?.toFixed(1)} w${x.window ? x.window.ms / MIN : 0} a${p.negativeAuthors} pl${p.negativePlatforms} tot${p.total}`;
        });
        console.error(`FA ${s.name} ${new Date(at).toISOString()} ${ctx.join(' | ')}`);
      }
    }
    live.push(...ev.outcomes);
    if (process.env.BENCH_MISSES) {
      for (const oc of ev.outcomes) {
        if (oc.detected || oc.wave.ratio < Number(process.env.BENCH_MISSES)) continue;
        const k = scores.findIndex((x) => x.t === oc.wave.onset);
        const ctx = scores.slice(Math.max(0, k - 1), k + 8).map((x) => `${x.skipped ? 'M' : x.value}/${x.baseline.toFixed(0)} z${x.z?.toFixed(1)} w${x.window ? x.window.ms / MIN : 0}`);
        console.error(`MISS ${s.name} ${oc.wave.shape} x${oc.wave.ratio} peak+${oc.wave.peakExtra.toFixed(0)} ${((oc.wave.end - oc.wave.onset) / MIN).toFixed(0)}min ${new Date(oc.wave.onset).toISOString()} ${ctx.join(' | ')}`);
      }
    }
    faLive += ev.fa;
    // CLI path: the negative volume alone, as `detect` sees a CSV (gaps are missing rows).
    const score = createSeriesScorer({ threshold: o.threshold, sensitivity: o.sensitivity });
    const cliScores = s.points
      .filter((p) => !p.missing)
      .map((p): BucketScore => {
        const sc = score({ t: p.t, value: p.negative });
        return { t: p.t, score: sc, anomalous: sc >= o.threshold && p.negative >= 5, value: p.negative, baseline: 0, severity: 'low' };
      });
    // Resolve on a calm score (the CLI has no baseline column).
    const cliCalm = cliScores.map((c) => ({ ...c, upper: c.score < 0.3 ? Infinity : -Infinity }));
    const evc = evaluate(s, incidentsOf(cliCalm, rules), rules);
    cli.push(...evc.outcomes);
    faCli += evc.fa;
    const fs = (faByScale[s.scale] ??= { live: 0, cli: 0, weeks: 0 });
    fs.live += ev.fa;
    fs.cli += evc.fa;
    fs.weeks += s.weeks;
  }
  const secs = (Date.now() - t0) / 1000;

  const rows = [summary('live detector (all channels)', live, faLive, weeks), summary('detect CLI (volume only)', cli, faCli, weeks)];
  const by = (label: string, sel: (o: Outcome) => boolean) => [
    summary(`live ${label}`, live.filter(sel), 0, 1),
    summary(`cli ${label}`, cli.filter(sel), 0, 1),
  ];
  const breakdown = [
    ...RATIOS.flatMap((r) => by(`ratio x${r}`, (x) => x.wave.ratio === r)),
    ...SHAPES.flatMap((sh) => by(`shape ${sh}`, (x) => x.wave.shape === sh)),
    ...SCALES.flatMap((sc) => by(`scale ${sc.name}`, (x) => x.scale === sc.name)),
    ...by('peak >= 2x floor (10/bucket)', (x) => x.wave.peakExtra >= 10),
  ];
  if (o.json) {
    console.log(JSON.stringify({ options: o, rows, breakdown, faByScale, seconds: secs, buckets }, null, 2));
    return;
  }
  console.log(`seed ${o.seed}, ${o.series} series x ${o.days} days of ${o.bucket}-minute buckets (${fmt(weeks, 0)} series-weeks, ${buckets} buckets, ${fmt(secs)} s)`);
  console.log('| path | waves | recall | false alarms / week | median delay (min) | p90 delay (min) |');
  console.log('|---|---|---|---|---|---|');
  for (const r of rows)
    console.log(`| ${r.label} | ${r.waves} | ${fmt(100 * r.recall)}% | ${fmt(r.faPerWeek, 2)} | ${fmt(r.delayMedianMin, 0)} | ${fmt(r.delayP90Min, 0)} |`);
  console.log('\n| subset | waves | recall | median delay (min) | p90 delay (min) |');
  console.log('|---|---|---|---|---|');
  for (const r of breakdown) console.log(`| ${r.label} | ${r.waves} | ${fmt(100 * r.recall)}% | ${fmt(r.delayMedianMin, 0)} | ${fmt(r.delayP90Min, 0)} |`);
  console.log('\n| scale | false alarms / week (live) | false alarms / week (cli) |');
  console.log('|---|---|---|');
  for (const [k, v] of Object.entries(faByScale)) console.log(`| ${k} | ${fmt(v.live / v.weeks, 2)} | ${fmt(v.cli / v.weeks, 2)} |`);
}

await main();
