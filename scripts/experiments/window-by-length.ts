// Where a longer token window changes the encoder path: Hebrew (or any) dev rows split by whether
// their text fills the committed window, each model with its own fitted decision (fusion weight
// and offsets from its meta, fitted on all of dev: in-sample alike for both), paired counts.
//
//   npx tsx scripts/experiments/window-by-length.ts --a lib/analysis/encoder/model --b /tmp/enc128/out --lang he
import path from 'node:path';
import { Command } from 'commander';
import { SentimentEncoder } from '../../lib/analysis/encoder/encoder.js';
import { findE5Image } from '../../lib/analysis/encoder/install.js';
import { cleanText } from '../../lib/analysis/normalize.js';
import { PROJECT_ROOT } from '../../workers/temporal-cli.js';
import { fastLogits, fuse } from '../lib-encoder-eval.js';
import { argmaxWithBias, readLabelled, score } from '../lib-sentiment.js';

const o = new Command('window-by-length')
  .requiredOption('--a <dir>', 'model folder (sentiment-encoder.{onnx,json})')
  .requiredOption('--b <dir>', 'model folder with the other window')
  .option('--lang <lang>', 'language', 'he')
  .option('--data <dir>', 'sentiment data', path.join(PROJECT_ROOT, '..', 'shared', 'data', 'sentiment'))
  .parse()
  .opts<{ a: string; b: string; lang: string; data: string }>();

const image = findE5Image();
const train = readLabelled(path.join(o.data, `${o.lang}.train.jsonl`));
const dev = readLabelled(path.join(o.data, `${o.lang}.dev.jsonl`));
const zf = fastLogits(o.lang, train, dev);
const gold = dev.map((r) => r.label);

async function predict(dir: string): Promise<{ pred: Uint8Array; long: boolean[] }> {
  const r = await SentimentEncoder.load(image, { modelDir: dir });
  if (!r.ok) throw new Error(r.reason);
  const e = r.encoder;
  const texts = dev.map((d) => cleanText(d.text));
  const ze = await e.logits(texts);
  // "Long": the text fills the committed 64-token window (62 pieces between <s> and </s>), in
  // either model's window of 64 tokens or more.
  const long = texts.map((t) => e.ids(t).length >= 64);
  const pred = argmaxWithBias(Float64Array.from(fuse(ze, zf, e.meta.fastWeight[o.lang]).flat()), e.meta.offsets[o.lang]);
  await e.release();
  return { pred, long };
}
const A = await predict(o.a);
const B = await predict(o.b);
const long = A.long;
for (const [name, keep] of [['fills 64 tokens', true], ['shorter', false]] as const) {
  const idx = dev.map((_, i) => i).filter((i) => long[i] === keep);
  const f = (p: Uint8Array) => score(idx.map((i) => gold[i]), idx.map((i) => p[i])).macroF1.toFixed(3);
  const onlyA = idx.filter((i) => A.pred[i] === gold[i] && B.pred[i] !== gold[i]).length;
  const onlyB = idx.filter((i) => B.pred[i] === gold[i] && A.pred[i] !== gold[i]).length;
  console.log(`${o.lang} ${name}: ${idx.length} rows; macro-F1 a ${f(A.pred)} b ${f(B.pred)}; right only by a ${onlyA}, only by b ${onlyB}`);
}
