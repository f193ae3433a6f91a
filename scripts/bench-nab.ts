// npx tsx scripts/bench-nab.ts [--nab ../shared/data/nab] [--scorer module.ts#name] [--json]
// The `detect` scoring path on the NAB development series (48 files, no realTweets): one causal
// pass per file, outputs written as RESULTS/<category>/<file>.csv, scored by NAB's standard
// profile with the scorer shipped beside the data (`score.mjs`, imported, not re-implemented),
// next to the rolling z-score reference (`baseline_zscore.mjs`) on the same files. Figures:
// overall (threshold optimised on the 48 files, as NAB does), per category (optimised on the
// category, like the held-out figure; and at the overall threshold), and leave-one-category-out
// (threshold optimised on the other categories, applied to the held-out one).
// Results: docs/detection-benchmark.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseTimestamp, scoreValues, type SeriesRow } from '../lib/detection/series-score.js';
import { cliProgram, parseArgs, usageError } from './lib-cli.js';

/** A causal scorer: one anomaly score in [0, 1] per row, in order (what `detect` computes). */
export type SeriesScorer = (rows: SeriesRow[]) => number[];

/** Today's `detect` path, with its CLI defaults. */
export const detectScorer: SeriesScorer = (rows) => scoreValues(rows);

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PROFILE = 'standard';

// ---- the scorer shipped with the data (score.mjs), as much of it as this script uses ----------
interface PreparedFile {
  key: string;
}
interface Evaluation {
  threshold: number | null;
  normalised: number;
  raw: number;
  windows: number;
  files: { file: string; detected: number; missed: number; fpRows: number }[];
}
interface NabScorerModule {
  loadCorpus(o: { resultsDir: string; labelsFile: string; dataDir: string | null; subset?: string[] }): PreparedFile[];
  evaluate(files: PreparedFile[], profile: string, fixedTheta?: number | null): Evaluation;
}

export interface NabPaths {
  root: string;
  data: string;
  labels: string;
  scorer: string;
  baseline: string;
}

/** The NAB folder's parts, or an error naming what is missing. */
export function nabPaths(root: string): NabPaths {
  const p: NabPaths = {
    root,
    data: path.join(root, 'data'),
    labels: path.join(root, 'labels', 'combined_windows.json'),
    scorer: path.join(root, 'score.mjs'),
    baseline: path.join(root, 'baseline_zscore.mjs'),
  };
  const absent = [p.data, p.labels, p.scorer, p.baseline].filter((f) => !existsSync(f));
  if (absent.length) {
    throw new Error(`NAB development data not found under ${root} (missing ${absent.join(', ')}); pass --nab <folder holding data/, labels/, score.mjs>`);
  }
  return p;
}

export interface NabFile {
  category: string;
  name: string;
  /** Timestamp texts as in the file (the output repeats them). */
  stamps: string[];
  values: string[];
  rows: SeriesRow[];
}

/** Every data/<category>/<file>.csv (never realTweets, which is the held-out test). */
export function readNabFiles(dataDir: string): NabFile[] {
  const files: NabFile[] = [];
  for (const category of readdirSync(dataDir).sort()) {
    const dir = path.join(dataDir, category);
    if (!statSync(dir).isDirectory()) continue;
    if (category === 'realTweets') throw new Error(`${dir}: realTweets is the held-out test and must not be used for development`);
    for (const name of readdirSync(dir).sort().filter((f) => f.endsWith('.csv'))) {
      const file = path.join(dir, name);
      const lines = readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l !== '');
      const header = lines[0].split(',').map((h) => h.trim().toLowerCase());
      const ti = header.indexOf('timestamp');
      const vi = header.indexOf('value');
      if (ti < 0 || vi < 0) throw new Error(`${file}: expected a header with timestamp,value, got "${lines[0]}"`);
      const f: NabFile = { category, name, stamps: [], values: [], rows: [] };
      lines.slice(1).forEach((line, k) => {
        const cols = line.split(',');
        const t = parseTimestamp(cols[ti] ?? '');
        if (!Number.isFinite(t)) throw new Error(`${file}:${k + 2}: unreadable timestamp "${cols[ti]}"`);
        f.stamps.push(cols[ti].trim());
        f.values.push((cols[vi] ?? '').trim());
        f.rows.push({ t, value: cols[vi] === undefined || cols[vi].trim() === '' ? NaN : Number(cols[vi]) });
      });
      files.push(f);
    }
  }
  if (!files.length) throw new Error(`${dataDir}: no CSV files`);
  return files;
}

/**
 * Scores one file the way `detect` does: a row whose timestamp is not after the previous one is
 * scored 0 and not shown to the scorer (two NAB files repeat timestamps).
 */
export function scoreFile(f: NabFile, scorer: SeriesScorer): number[] {
  const kept: number[] = [];
  let last = -Infinity;
  f.rows.forEach((r, i) => {
    if (r.t > last) {
      kept.push(i);
      last = r.t;
    }
  });
  const s = scorer(kept.map((i) => f.rows[i]));
  if (s.length !== kept.length) throw new Error(`${f.category}/${f.name}: the scorer returned ${s.length} scores for ${kept.length} rows`);
  const out = new Array<number>(f.rows.length).fill(0);
  kept.forEach((i, j) => {
    if (!(s[j] >= 0 && s[j] <= 1)) throw new Error(`${f.category}/${f.name} row ${i + 2}: score ${s[j]} is not in [0, 1]`);
    out[i] = s[j];
  });
  return out;
}

export function writeResults(files: NabFile[], scores: number[][], dir: string): void {
  files.forEach((f, k) => {
    mkdirSync(path.join(dir, f.category), { recursive: true });
    const lines = ['timestamp,value,anomaly_score', ...f.stamps.map((ts, i) => `${ts},${f.values[i]},${scores[k][i]}`)];
    writeFileSync(path.join(dir, f.category, f.name), lines.join('\n') + '\n');
  });
}

export interface CategoryFigures {
  category: string;
  windows: number;
  /** Threshold optimised on this category alone (how the held-out figure is computed). */
  own: number;
  /** At the threshold optimised on all files. */
  atOverall: number;
  /** At the threshold optimised on the other categories (NaN when the category has no windows). */
  leaveOut: number;
  leaveOutThreshold: number | null;
}

export interface DetectorFigures {
  overall: number;
  threshold: number | null;
  windows: number;
  detected: number;
  fpRows: number;
  categories: CategoryFigures[];
  /** Mean of the categories' leave-one-out scores (those with windows). */
  leaveOutMean: number;
}

/** Scores a results folder with score.mjs: overall, per category, and leave-one-category-out. */
export function figuresOf(nab: NabScorerModule, p: NabPaths, resultsDir: string): DetectorFigures {
  const files = nab.loadCorpus({ resultsDir, labelsFile: p.labels, dataDir: p.data });
  const cat = (f: PreparedFile) => f.key.split('/')[0];
  const categories = [...new Set(files.map(cat))];
  const all = nab.evaluate(files, PROFILE);
  const rows = categories.map((c): CategoryFigures => {
    const inside = files.filter((f) => cat(f) === c);
    const others = files.filter((f) => cat(f) !== c);
    const trained = nab.evaluate(others, PROFILE);
    const own = nab.evaluate(inside, PROFILE);
    return {
      category: c,
      windows: own.windows,
      own: own.normalised,
      atOverall: nab.evaluate(inside, PROFILE, all.threshold).normalised,
      leaveOut: nab.evaluate(inside, PROFILE, trained.threshold).normalised,
      leaveOutThreshold: trained.threshold,
    };
  });
  const held = rows.filter((r) => r.windows > 0);
  return {
    overall: all.normalised,
    threshold: all.threshold,
    windows: all.windows,
    detected: all.files.reduce((s, f) => s + f.detected, 0),
    fpRows: all.files.reduce((s, f) => s + f.fpRows, 0),
    categories: rows,
    leaveOutMean: held.reduce((s, r) => s + r.leaveOut, 0) / Math.max(1, held.length),
  };
}

/** A scorer from `module#export` (default export when no name is given). */
async function loadScorer(spec: string): Promise<SeriesScorer> {
  const [file, name = 'default'] = spec.split('#');
  const mod = (await import(pathToFileURL(path.resolve(file)).href)) as Record<string, unknown>;
  const fn = mod[name];
  if (typeof fn !== 'function') throw new Error(`--scorer ${spec}: ${file} has no function export "${name}"`);
  return fn as SeriesScorer;
}

const fmt = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');

async function main(): Promise<void> {
  const program = cliProgram('bench-nab', 'NAB standard-profile score of the detect scoring path on the development series, beside the rolling z-score baseline')
    .option('--nab <dir>', 'NAB development folder (data/, labels/, score.mjs, baseline_zscore.mjs)', path.join(ROOT, '..', 'shared', 'data', 'nab'))
    .option('--scorer <module#export>', 'a module exporting a SeriesScorer (rows => scores) to use instead of detect')
    .option('--out <dir>', 'write RESULTS here and keep them (default: a temporary folder, removed)')
    .option('--json', 'print JSON instead of tables');
  parseArgs(program);
  const o = program.opts<{ nab: string; scorer?: string; out?: string; json?: boolean }>();
  let p: NabPaths;
  try {
    p = nabPaths(path.resolve(o.nab));
  } catch (e) {
    usageError('bench-nab', (e as Error).message);
  }
  let scorer = detectScorer;
  if (o.scorer) {
    try {
      scorer = await loadScorer(o.scorer);
    } catch (e) {
      usageError('bench-nab', (e as Error).message);
    }
  }
  const nab = (await import(pathToFileURL(p.scorer).href)) as NabScorerModule;
  const work = o.out ? path.resolve(o.out) : mkdtempSync(path.join(os.tmpdir(), 'bench-nab-'));
  const detectorDir = path.join(work, 'detector');
  const baselineDir = path.join(work, 'baseline_zscore');
  try {
    const t0 = Date.now();
    const files = readNabFiles(p.data);
    writeResults(files, files.map((f) => scoreFile(f, scorer)), detectorDir);
    const secs = (Date.now() - t0) / 1000;
    const z = spawnSync(process.execPath, [p.baseline, '--data', p.data, '--out', baselineDir], { encoding: 'utf8' });
    if (z.status !== 0) throw new Error(`baseline_zscore.mjs failed (${z.status}): ${z.stderr}`);
    const detector = figuresOf(nab, p, detectorDir);
    const baseline = figuresOf(nab, p, baselineDir);
    const rows = files.reduce((s, f) => s + f.rows.length, 0);
    if (o.json) {
      console.log(JSON.stringify({ scorer: o.scorer ?? 'detect (scoreValues)', files: files.length, rows, scoringSeconds: secs, detector, baseline }, null, 2));
      return;
    }
    console.log(`${files.length} files, ${rows} rows scored by ${o.scorer ?? 'detect (scoreValues)'} in ${fmt(secs)} s; NAB ${PROFILE} profile, normalised (0 = null, 100 = perfect)`);
    console.log('\n| | detector | baseline_zscore | ratio |');
    console.log('|---|---:|---:|---:|');
    console.log(`| all files (threshold optimised on them) | ${fmt(detector.overall)} | ${fmt(baseline.overall)} | ${fmt(detector.overall / baseline.overall, 2)} |`);
    console.log(`| mean leave-one-category-out | ${fmt(detector.leaveOutMean)} | ${fmt(baseline.leaveOutMean)} | ${fmt(detector.leaveOutMean / baseline.leaveOutMean, 2)} |`);
    console.log(`| threshold | ${detector.threshold ?? 'none'} | ${baseline.threshold ?? 'none'} | |`);
    console.log(`| windows detected (of ${detector.windows}) | ${detector.detected} | ${baseline.detected} | |`);
    console.log(`| false-positive rows | ${detector.fpRows} | ${baseline.fpRows} | |`);
    console.log('\n| category | windows | detector: own thr | at overall thr | leave-one-out | baseline: own thr | at overall thr | leave-one-out |');
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
    detector.categories.forEach((d, k) => {
      const b = baseline.categories[k];
      console.log(`| ${d.category} | ${d.windows} | ${fmt(d.own)} | ${fmt(d.atOverall)} | ${fmt(d.leaveOut)} | ${fmt(b.own)} | ${fmt(b.atOverall)} | ${fmt(b.leaveOut)} |`);
    });
    if (o.out) console.log(`\nresults kept in ${work}: node ${p.scorer} --results ${detectorDir} --data ${p.data}`);
  } finally {
    if (!o.out) rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    await main();
  } catch (e) {
    process.stderr.write(`bench-nab: ${(e as Error).message}\n`);
    process.exit(1);
  }
}
