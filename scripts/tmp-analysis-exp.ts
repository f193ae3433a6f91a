import { readLabelled, hashRows, trainLogReg, logitsOf, tuneClassBias, argmaxWithBias, score } from './lib-sentiment.js';
import { DEFAULT_FEATURES } from '../activities/analysis/features.js';
const lang = process.argv[2];
const variants = JSON.parse(process.argv[3] ?? '[{}]');
const D = '../shared/data/sentiment/';
const tr = readLabelled(D + lang + '.train.jsonl'), dv = readLabelled(D + lang + '.dev.jsonl');
for (const v of variants) {
  const cfg = { ...DEFAULT_FEATURES, ...v };
  const t = Date.now();
  const H = hashRows(tr, cfg), HD = hashRows(dv, cfg);
  const m = trainLogReg(H, cfg.bits, { l2: v.l2 ?? 1e-4, classWeightPower: v.cwp ?? 1, minDf: v.minDf ?? 2, maxIter: 300 });
  const lg = logitsOf(HD, m.w);
  const raw = score(HD.labels, argmaxWithBias(lg, [0, 0, 0]));
  const tb = tuneClassBias(lg, HD.labels);
  const sc = score(HD.labels, argmaxWithBias(lg, tb.bias));
  console.log(lang, JSON.stringify(v), 'it', m.iterations, 's', ((Date.now() - t)/1000).toFixed(0), 'raw', raw.macroF1.toFixed(4), 'tuned', tb.macroF1.toFixed(4), sc.f1.map(x=>x.toFixed(3)).join('/'), JSON.stringify(sc.confusion), tb.bias.map(x=>x.toFixed(2)).join(','));
}
