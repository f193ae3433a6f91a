// Experiment (stop 23, not in the product): would sending the encoder path's low-confidence posts
// to neutral help? Dev texts are read as `analyze` reads them with the encoder, the fast part
// from a model trained on train alone (scripts/crisis/train-only.ts's way), so no part has seen
// them except the few numbers chosen on dev (epoch, fusion weight, offsets). The confidence
// threshold is 2-fold cross-fitted on dev (chosen on one half by macro-F1, scored on the other).
// Run: npx tsx scripts/experiments/abstain-neutral.ts [--data ../shared/data/sentiment]
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { defaultEncoder } from '../../lib/analysis/encoder/default-encoder.js';
import { encoderAnalysis, fuseWithFast } from '../../lib/analysis/encoder/analyze-batch.js';
import { cleanText } from '../../lib/analysis/normalize.js';
import { CLASSES, type ModelFile } from '../../lib/analysis/model-format.js';
import { hashRows, logitsOf, readLabelled, score, trainLogReg, type TrainOptions } from '../lib-sentiment.js';

const args = process.argv.slice(2);
const dataDir = path.resolve(args[args.indexOf('--data') + 1] && args.includes('--data') ? args[args.indexOf('--data') + 1] : '../shared/data/sentiment');
const encoder = await defaultEncoder();
if (!encoder) throw new Error('the encoder is not installed (npm run setup)');
const GRID = Array.from({ length: 31 }, (_, i) => 0.33 + i * 0.01);

for (const lang of ['en', 'ar', 'he'] as const) {
  const model = JSON.parse(readFileSync(path.resolve('lib/analysis/models', `${lang}.json`), 'utf8')) as ModelFile;
  const train = readLabelled(path.join(dataDir, `${lang}.train.jsonl`));
  const dev = readLabelled(path.join(dataDir, `${lang}.dev.jsonl`));
  const trained = trainLogReg(hashRows(train, model.features), model.features.bits, model.meta.train as Omit<TrainOptions, 'log'>);
  const zf = logitsOf(hashRows(dev, model.features), trained.w);
  const ze = await encoder.logits(dev.map((r) => cleanText(r.text)));
  const gold = dev.map((r) => r.label);
  const rows = dev.map((_, j) => encoderAnalysis(encoder, fuseWithFast(encoder, ze[j], lang, zf.subarray(3 * j, 3 * j + 3)), lang, undefined));
  const NEUTRAL = CLASSES.indexOf('neutral');
  const pred = (c: number, idx: number[]) => idx.map((j) => (rows[j].confidence < c ? NEUTRAL : CLASSES.indexOf(rows[j].sentiment)));
  const goldOf = (idx: number[]) => idx.map((j) => gold[j]);
  const folds = [dev.map((_, j) => j).filter((j) => j % 2 === 0), dev.map((_, j) => j).filter((j) => j % 2 === 1)];
  let base = 0;
  let crossed = 0;
  const chosen: number[] = [];
  for (let f = 0; f < 2; f++) {
    const fit = folds[f];
    const held = folds[1 - f];
    let best = 0;
    let bestF = -1;
    for (const c of GRID) {
      const m = score(goldOf(fit), pred(c, fit)).macroF1;
      if (m > bestF + 1e-9) [best, bestF] = [c, m];
    }
    chosen.push(best);
    crossed += score(goldOf(held), pred(best, held)).macroF1 / 2;
    base += score(goldOf(held), pred(0, held)).macroF1 / 2;
  }
  const all = dev.map((_, j) => j);
  const neutralShare = (c: number) => pred(c, all).filter((p) => p === NEUTRAL).length / all.length;
  console.log(`${lang}: macro-F1 held-out halves ${base.toFixed(3)} as now, ${crossed.toFixed(3)} with abstention (thresholds ${chosen.map((c) => c.toFixed(2)).join(', ')}); neutral predicted ${(100 * neutralShare(0)).toFixed(1)}% -> ${(100 * neutralShare(chosen[0])).toFixed(1)}%, gold ${(100 * gold.filter((g) => g === NEUTRAL).length / gold.length).toFixed(1)}%`);
}
