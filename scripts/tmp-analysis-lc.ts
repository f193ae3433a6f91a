import { readLabelled, hashRows, subsetRows, trainLogReg, logitsOf, tuneClassBias } from './lib-sentiment.js';
import { DEFAULT_FEATURES } from '../activities/analysis/features.js';
const lang = process.argv[2];
const D = '../shared/data/sentiment/';
const tr = readLabelled(D + lang + '.train.jsonl'), dv = readLabelled(D + lang + '.dev.jsonl');
const cfg = { ...DEFAULT_FEATURES };
const H = hashRows(tr, cfg), HD = hashRows(dv, cfg);
for (const frac of [0.5, 0.7, 1]) {
  const which = [...Array(tr.length).keys()].filter(i => (i * 7919) % 1000 < frac * 1000);
  const m = trainLogReg(subsetRows(H, which), cfg.bits, { l2: 1e-4, classWeightPower: 1, minDf: 2, maxIter: 300 });
  const tb = tuneClassBias(logitsOf(HD, m.w), HD.labels);
  console.log(lang, frac, which.length, tb.macroF1.toFixed(4));
}
