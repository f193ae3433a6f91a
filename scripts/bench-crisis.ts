// npx tsx scripts/bench-crisis.ts [--seed 1] [--streams 10] [--days 21] [--json] [--trace]
// Realistic multilingual crisis streams (scripts/crisis/): brands of 20-80 to 2000 mentions an
// hour made of real labelled posts (the sentiment dev files) read by the real `analyze`, with
// waves of negative chatter (short sudden, slow builds, cross-platform spread) and decoys (a
// positive launch at 4x volume, a neutral news day at 3x, a source outage and its backlog, one
// angry account posting many times). Runs the live detector + incident rules through one
// adapter (scripts/crisis/adapter.ts) and reports recall, false alarms and delays next to an
// oracle scan that knows the true labels and the exact baseline. Results: docs/detection-benchmark.md.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { incidentRulesFromConfig, type IncidentRules } from '../lib/detection/incident-rules.js';
import type { BucketScore } from '../lib/detection/types.js';
import { liveDetector, detectionSettings, type DetectorAdapter } from './crisis/adapter.js';
import { InvalidArgumentError } from 'commander';
import { ZodError } from 'zod';
import { describeIssues } from '../lib/config/zod-issues.js';
import { cliProgram, jsonObject, numberIn, parseArgs, usageError } from './lib-cli.js';
import type { DetectionConfig } from '../lib/config/schema.js';
import { analyzeClassifier, classifierQuality, readDevCorpus, type Classifier, type ClassifierQuality, type Corpus } from './crisis/corpus.js';
import { attribute, decoyEnd, summarise, type StreamOutcome, type Summary } from './crisis/evaluate.js';
import { bucketTexts, generateStream, type CrisisStream } from './crisis/generate.js';
import { calibrateLevel, ORACLE_LONGEST_WINDOW, poissonScan, scanIncidents, type ScanSeries } from './crisis/oracle.js';
import { subSeed } from './crisis/random.js';
import { trainOnlyClassifier } from './crisis/train-only.js';
import { defaultEncoder } from '../lib/analysis/encoder/default-encoder.js';
import { DAY, DECOY_KINDS, WAVE_KINDS, makeSpec, type DecoyKind, type StreamSpec } from './crisis/scenario.js';

const CLASSIFIERS = ['train-only', 'train-only-encoder', 'analyze', 'truth'];
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MIN = 60_000;

export interface CrisisBenchOptions {
  seed: number;
  streams: number;
  controlStreams: number;
  days: number;
  warmupDays: number;
  waves: number;
  decoys: DecoyKind[];
  /** The oracle's false alarms a week on wave-free streams ('match': the detector's own rate there). */
  oracleBudget: number | 'match';
  trace?: boolean;
}

export interface CrisisBenchResult {
  /** How the classifier reads the dev texts (unrated), per language. */
  classifier: ClassifierQuality[];
  detector: Summary;
  oracle: Summary & { level: number; budget: number; controlAlarmsPerWeek: number };
  /** The detector's incidents a week on the wave-free control streams (decoys included). */
  detectorControlPerWeek: number;
  mentions: number;
  buckets: number;
  seconds: number;
}

function specs(o: CrisisBenchOptions, control: boolean): StreamSpec[] {
  const n = control ? o.controlStreams : o.streams;
  return Array.from({ length: n }, (_, k) =>
    makeSpec({
      seed: subSeed(o.seed, control ? 100_000 + k : k),
      index: k,
      days: o.days,
      bucketMs: 5 * MIN,
      warmupDays: o.warmupDays,
      waves: control ? 0 : o.waves,
      decoys: o.decoys,
    }),
  );
}

function labelsOf(s: CrisisStream) {
  return { id: s.spec.id, size: s.spec.size, start: s.spec.start, days: s.spec.days, warmupDays: s.spec.warmupDays, events: s.events };
}

function scanOf(s: CrisisStream): ScanSeries {
  return {
    start: s.spec.start,
    from: s.spec.start + s.spec.warmupDays * DAY,
    scores: poissonScan(s.oracleCounts, s.oracleExpected, ORACLE_LONGEST_WINDOW / s.bucketMs),
    weeks: (s.spec.days - s.spec.warmupDays) / 7,
  };
}

/** What the detector saw around a bucket: negatives/expected, z, authors, total, platforms. */
function context(s: CrisisStream, scores: BucketScore[] | undefined, at: number, before = 3, after = 0): string {
  const k = Math.round((at - s.spec.start) / s.bucketMs) - 1;
  const parts: string[] = [];
  for (let i = Math.max(0, k - before); i <= Math.min(s.points.length - 1, k + after); i++) {
    const p = s.points[i];
    const sc = scores?.[i];
    parts.push(
      p.missing
        ? 'missing'
        : `${p.negative}/${sc ? sc.baseline.toFixed(1) : '?'}${sc?.z !== undefined ? ` z${sc.z.toFixed(1)}` : ''} a${p.negativeAuthors} pl${p.negativePlatforms} tot${p.total} oracle${s.oracleCounts[i]}/${s.oracleExpected[i].toFixed(1)}`,
    );
  }
  return parts.join(' | ');
}

function trace(s: CrisisStream, scores: BucketScore[] | undefined, out: StreamOutcome, opened: number[], rules: IncidentRules): void {
  const iso = (t: number) => new Date(t).toISOString().slice(0, 16);
  for (const w of out.waves) {
    const e = s.events.find((x) => x.onset === w.onset) as CrisisStream['events'][number];
    const what = `${s.spec.id} wave ${w.kind} ${iso(w.onset)} ${((w.end - w.onset) / MIN).toFixed(0)} min +${(e.extra * e.mix.negative).toFixed(0)} neg`;
    if (w.caughtAt !== null) process.stderr.write(`CAUGHT ${what} after ${((w.caughtAt - w.onset) / MIN).toFixed(0)} min: ${context(s, scores, w.caughtAt)}\n`);
    else process.stderr.write(`MISSED ${what}: ${context(s, scores, w.onset + 2 * s.bucketMs, 1, 10)}\n`);
  }
  for (const t of opened) {
    const d = s.events.find((e) => !e.wave && t > e.onset && t <= decoyEnd(e, rules.bucketMs));
    if (d && !s.events.some((w) => w.wave && t > w.onset && t <= w.end + rules.resolveAfterMs + 60 * MIN)) {
      process.stderr.write(`DECOY ${s.spec.id} ${d.kind} ${iso(d.onset)} alerted at ${iso(t)}: ${context(s, scores, t)}\n`);
    }
  }
  for (const t of out.falseAlarms) process.stderr.write(`FALSE ${s.spec.id} ${iso(t)}: ${context(s, scores, t)}\n`);
}

/** Runs the benchmark with a detector adapter (the live detector by default). */
export function runCrisisBench(
  corpus: Corpus,
  o: CrisisBenchOptions,
  adapter: DetectorAdapter = liveDetector(),
  classify: Classifier = analyzeClassifier(corpus),
): CrisisBenchResult {
  const t0 = Date.now();
  const rules = incidentRulesFromConfig(detectionSettings());
  let mentions = 0;
  let buckets = 0;
  const run = (spec: StreamSpec) => {
    const s = generateStream(spec, corpus, classify);
    mentions += s.mentions.length;
    buckets += s.points.length;
    const r = adapter({ points: s.points, bucketMs: s.bucketMs, texts: (i) => bucketTexts(s, corpus, i) });
    return { s, opened: r.incidents.map((i) => i.openedAt), scores: r.scores };
  };

  const detectorOutcomes: StreamOutcome[] = [];
  const mainScans: { scan: ScanSeries; labels: ReturnType<typeof labelsOf> }[] = [];
  for (const spec of specs(o, false)) {
    const { s, opened, scores } = run(spec);
    const out = attribute(labelsOf(s), opened, rules);
    detectorOutcomes.push(out);
    if (o.trace) trace(s, scores, out, opened, rules);
    mainScans.push({ scan: scanOf(s), labels: labelsOf(s) });
  }
  const controlScans: ScanSeries[] = [];
  let controlIncidents = 0;
  let controlWeeks = 0;
  for (const spec of specs(o, true)) {
    const { s, opened } = run(spec);
    controlIncidents += opened.filter((t) => t >= s.spec.start + s.spec.warmupDays * DAY).length;
    controlWeeks += (s.spec.days - s.spec.warmupDays) / 7;
    controlScans.push(scanOf(s));
  }

  const detectorControlPerWeek = controlIncidents / Math.max(controlWeeks, 1e-9);
  const budget = o.oracleBudget === 'match' ? detectorControlPerWeek : o.oracleBudget;
  const level = calibrateLevel(controlScans, budget, rules);
  let controlAlarms = 0;
  for (const c of controlScans) controlAlarms += scanIncidents(c.start, c.scores, level, rules).filter((t) => t >= c.from).length;
  const oracleOutcomes = mainScans.map(({ scan, labels }) => attribute(labels, scanIncidents(scan.start, scan.scores, level, rules), rules));
  return {
    classifier: classifierQuality(corpus, classify),
    detector: summarise(detectorOutcomes),
    oracle: { ...summarise(oracleOutcomes), level, budget, controlAlarmsPerWeek: controlAlarms / Math.max(controlWeeks, 1e-9) },
    detectorControlPerWeek,
    mentions,
    buckets,
    seconds: (Date.now() - t0) / 1000,
  };
}

const pct = (a: number, b: number) => (b ? `${a}/${b} (${((100 * a) / b).toFixed(0)}%)` : 'n/a');
const num = (x: number, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');

function printTable(r: CrisisBenchResult, o: CrisisBenchOptions, classifier: string): void {
  const d = r.detector;
  const q = r.oracle;
  const f = (x: number) => x.toFixed(2);
  console.log(
    `classifier: ${classifier}; on the dev texts (accuracy, negative recall, neutral and positive read as negative): ` +
      r.classifier.map((c) => `${c.lang} ${f(c.accuracy)} ${f(c.negativeRecall)} ${f(c.neutralAsNegative)} ${f(c.positiveAsNegative)}`).join('; '),
  );
  console.log(
    `seed ${o.seed}: ${o.streams} streams x ${o.days} days (${num(d.weeks, 1)} stream-weeks scored after ${o.warmupDays} warm-up days), ` +
      `${o.controlStreams} wave-free control streams; ${r.mentions} posts, ${r.buckets} buckets, ${num(r.seconds, 1)} s`,
  );
  console.log(`oracle: Poisson scan over true negatives, windows 5 min to 6 h, level ${num(q.level, 2)} for ${num(q.budget, 2)} false alarm/week on the controls${o.oracleBudget === 'match' ? " (the detector's rate there)" : ''} (got ${num(q.controlAlarmsPerWeek, 2)})\n`);
  console.log('| | detector | oracle |');
  console.log('|---|---:|---:|');
  console.log(`| waves caught | ${pct(d.caught, d.waves)} | ${pct(q.caught, q.waves)} |`);
  for (const k of WAVE_KINDS) console.log(`| ${k} waves caught | ${pct(d.byKind[k].caught, d.byKind[k].waves)} | ${pct(q.byKind[k].caught, q.byKind[k].waves)} |`);
  for (const size of Object.keys(d.bySize) as (keyof Summary['bySize'])[]) {
    const a = d.bySize[size];
    const b = q.bySize[size];
    if (a && b) console.log(`| ${size} brands: waves caught | ${pct(a.caught, a.waves)} | ${pct(b.caught, b.waves)} |`);
  }
  console.log(`| false alarms / week (no event) | ${num(d.falseAlarmsPerWeek, 2)} | ${num(q.falseAlarmsPerWeek, 2)} |`);
  // Per size: the level is one rule for all sizes, and small brands' baselines rest on few posts.
  for (const size of Object.keys(d.bySize) as (keyof Summary['bySize'])[]) {
    const a = d.bySize[size];
    const b = q.bySize[size];
    if (a?.weeks && b?.weeks) console.log(`| ${size} brands: false alarms / week | ${num(a.falseAlarms / a.weeks, 2)} | ${num(b.falseAlarms / b.weeks, 2)} |`);
  }
  console.log(`| incidents outside waves / week (false alarms + decoys) | ${num(d.nonWavePerWeek, 2)} | ${num(q.nonWavePerWeek, 2)} |`);
  console.log(`| incidents / week on wave-free control streams | ${num(r.detectorControlPerWeek, 2)} | ${num(q.controlAlarmsPerWeek, 2)} |`);
  for (const k of DECOY_KINDS) console.log(`| decoys alerted: ${k} | ${pct(d.decoys[k].alerted, d.decoys[k].decoys)} | ${pct(q.decoys[k].alerted, q.decoys[k].decoys)} |`);
  console.log(`| median / p90 delay from onset (min) | ${num(d.delayFromOnset.median)} / ${num(d.delayFromOnset.p90)} | ${num(q.delayFromOnset.median)} / ${num(q.delayFromOnset.p90)} |`);
  console.log(
    `| median / p90 delay from doubling (min; caught waves that doubled) | ${num(d.delayFromDoubling.median)} / ${num(d.delayFromDoubling.p90)} (${d.delayFromDoubling.waves}) | ${num(q.delayFromDoubling.median)} / ${num(q.delayFromDoubling.p90)} (${q.delayFromDoubling.waves}) |`,
  );
}

/** `--detection '{...}'`: settings as monitor.yaml writes them, checked like the config. */
function detectionOption(raw: string): DetectionConfig {
  try {
    return detectionSettings(jsonObject(raw) as Partial<DetectionConfig>);
  } catch (e) {
    if (e instanceof ZodError) throw new InvalidArgumentError(`${describeIssues(e)}.`);
    throw e;
  }
}

async function main(): Promise<void> {
  const program = cliProgram('bench-crisis', 'Recall, false alarms and delays of the live detector on realistic multilingual crisis streams, beside an oracle scan')
    .option('--seed <n>', 'random seed', numberIn({ min: 0, max: 2 ** 32 - 1, integer: true }), 1)
    .option('--streams <n>', 'streams with waves', numberIn({ min: 1, max: 1000, integer: true }), 10)
    .option('--control-streams <n>', 'wave-free streams the oracle is calibrated on (default: as many as --streams)', numberIn({ min: 1, max: 1000, integer: true }))
    .option('--days <n>', 'days per stream', numberIn({ min: 7, max: 365, integer: true }), 21)
    .option('--warmup <days>', 'days without events at the start (not scored)', numberIn({ min: 1, max: 30, integer: true }), 3)
    .option('--waves <n>', 'waves per stream', numberIn({ min: 0, max: 20, integer: true }), 4)
    .option('--decoys <kinds>', `decoys per stream, comma-separated (${DECOY_KINDS.join(',')}; "none")`, DECOY_KINDS.join(','))
    .option(
      '--oracle-fa <perWeek>',
      "the oracle's false alarms a week on the control streams, or 'match' (the detector's own rate there)",
      (raw: string) => (raw === 'match' ? raw : numberIn({ min: 0, max: 100 })(raw)),
      0.1,
    )
    .option(
      '--classifier <name>',
      'train-only (the fast pipeline with models that never saw the dev texts; trained once, cached), train-only-encoder (the encoder fused with those models, as `analyze` runs when the encoder is installed) analyze (the shipped fast models: in-sample on dev texts, optimistic) or truth (each post\'s true label: what the detector loses to its baseline, apart from the classifier)',
      'train-only',
    )
    .option('--sentiment <dir>', 'folder holding {en,ar,he}.dev.jsonl', path.join(ROOT, '..', 'shared', 'data', 'sentiment'))
    .option('--detection <json>', 'detection settings as in monitor.yaml, e.g. \'{"false_alarms_per_week": 0.5}\' (default: the defaults)', detectionOption)
    .option('--trace', 'print every wave, decoy alert and false alarm with what the detector saw (stderr)')
    .option('--json', 'print JSON instead of a table');
  parseArgs(program);
  const a = program.opts<{
    seed: number;
    streams: number;
    controlStreams?: number;
    days: number;
    warmup: number;
    waves: number;
    decoys: string;
    oracleFa: number | 'match';
    sentiment: string;
    classifier: string;
    trace?: boolean;
    json?: boolean;
    detection?: DetectionConfig;
  }>();
  const decoys = a.decoys === 'none' ? [] : a.decoys.split(',').map((k) => k.trim());
  const bad = decoys.filter((k) => !(DECOY_KINDS as readonly string[]).includes(k));
  if (bad.length) usageError('bench-crisis', `--decoys: unknown kind(s) ${bad.join(', ')} (choose from ${DECOY_KINDS.join(', ')}, or none)`);
  if (!CLASSIFIERS.includes(a.classifier)) usageError('bench-crisis', `--classifier: "${a.classifier}" is none of ${CLASSIFIERS.join(', ')}`);
  if (a.warmup >= a.days) usageError('bench-crisis', `--warmup ${a.warmup} must be shorter than --days ${a.days}`);
  const o: CrisisBenchOptions = {
    seed: a.seed,
    streams: a.streams,
    controlStreams: a.controlStreams ?? a.streams,
    days: a.days,
    warmupDays: a.warmup,
    waves: a.waves,
    decoys: decoys as DecoyKind[],
    oracleBudget: a.oracleFa,
    trace: a.trace,
  };
  const settings = a.detection ?? detectionSettings();
  let corpus: Corpus;
  try {
    corpus = readDevCorpus(path.resolve(a.sentiment));
  } catch (e) {
    usageError('bench-crisis', (e as Error).message);
  }
  try {
    specs(o, false); // events that do not fit are a usage error, before any work
  } catch (e) {
    usageError('bench-crisis', (e as Error).message);
  }
  const log = (m: string) => process.stderr.write(m + '\n');
  let classify: Classifier;
  if (a.classifier === 'analyze') classify = analyzeClassifier(corpus);
  else if (a.classifier === 'truth') classify = (textId) => corpus.texts[textId].label;
  else {
    const encoder =
      a.classifier === 'train-only-encoder'
        ? ((await defaultEncoder(log)) ?? usageError('bench-crisis', '--classifier train-only-encoder: the encoder is not installed (npm run setup)'))
        : undefined;
    classify = await trainOnlyClassifier(corpus, path.resolve(a.sentiment), log, encoder);
    await encoder?.release();
  }
  const r = runCrisisBench(corpus, o, liveDetector(settings), classify);
  if (a.json) console.log(JSON.stringify({ options: { ...o, classifier: a.classifier }, ...r }, null, 2));
  else printTable(r, o, a.classifier);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
