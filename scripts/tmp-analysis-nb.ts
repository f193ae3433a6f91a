import { readLabelled, hashRows, score } from './lib-sentiment.js';
import { DEFAULT_FEATURES } from '../activities/analysis/features.js';
for (const lang of ['en','ar','he']) {
const D = '../shared/data/sentiment/';
const tr = readLabelled(D + lang + '.train.jsonl'), dv = readLabelled(D + lang + '.dev.jsonl');
const cfg = { ...DEFAULT_FEATURES, bigrams:false, negation:false, stems:false, lexicon:false, wordWeight: 0, charMin: 1, charMax: 4 };
const H = hashRows(tr, cfg), HD = hashRows(dv, cfg);
const dim = 1 << cfg.bits; const cnt = new Float64Array(dim*3); const tot=[0,0,0]; const prior=[0,0,0];
for (let i=0;i<tr.length;i++){ const y=H.labels[i]; prior[y]++; for(let p=H.ptr[i];p<H.ptr[i+1];p++){ if (H.val[p] <= 0) continue; cnt[H.idx[p]*3+y]++; tot[y]++; } }
const pred = new Uint8Array(dv.length);
for (let i=0;i<dv.length;i++){ const z=[0,1,2].map(k=>Math.log(prior[k]/tr.length)); for(let p=HD.ptr[i];p<HD.ptr[i+1];p++){ if (HD.val[p] <= 0) continue; for(let k=0;k<3;k++) z[k]+=Math.log((cnt[HD.idx[p]*3+k]+1)/(tot[k]+dim)); } pred[i]= z.indexOf(Math.max(...z)); }
const s = score(HD.labels, pred); console.log(lang, 'NB dev macroF1', s.macroF1.toFixed(4), s.f1.map(x=>x.toFixed(3)).join('/'));
}
