import { readLabelled, hashRows, trainLogReg, logitsOf, tuneClassBias, argmaxWithBias, score } from './lib-sentiment.js';
import { DEFAULT_FEATURES } from '../activities/analysis/features.js';
const lang = process.argv[2];
const variants = JSON.parse(process.argv[3]);
const D = '../shared/data/sentiment/';
const tr = readLabelled(D + lang + '.train.jsonl'), dv = readLabelled(D + lang + '.dev.jsonl');
const all: Float64Array[] = [];
for (const v of variants) {
  const cfg = { ...DEFAULT_FEATURES, ...v };
  const H = hashRows(tr, cfg), HD = hashRows(dv, cfg);
  const m = trainLogReg(H, cfg.bits, { l2: v.l2 ?? 1e-4, classWeightPower: v.cwp ?? 1, minDf: v.minDf ?? 2, maxIter: 300 });
  const lg = logitsOf(HD, m.w); all.push(lg);
  const tb = tuneClassBias(lg, HD.labels);
  console.log(JSON.stringify(v), 'tuned', tb.macroF1.toFixed(4));
}
const avg = new Float64Array(all[0].length); for (const a of all) for (let i=0;i<a.length;i++) avg[i]+=a[i]/all.length;
const labels = Uint8Array.from(dv.map(r=>r.label));
const tb = tuneClassBias(avg, labels); const sc = score(labels, argmaxWithBias(avg, tb.bias));
console.log('ensemble tuned', tb.macroF1.toFixed(4), sc.f1.map(x=>x.toFixed(3)).join('/'));
