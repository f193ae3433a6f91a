import { readLabelled, hashRows, trainLogReg } from './lib-sentiment.js';
import { DEFAULT_FEATURES } from '../activities/analysis/features.js';
const rows = readLabelled('../shared/data/sentiment/he.train.jsonl');
let t = Date.now();
const H = hashRows(rows, DEFAULT_FEATURES);
console.log('hash', Date.now() - t, 'nnz', H.idx.length); t = Date.now();
const m = trainLogReg(H, 20, { l2: 1e-4, classWeightPower: 1, minDf: 2, maxIter: 200, log: (s) => console.log(s, Date.now() - t) });
console.log('train', Date.now() - t, m.iterations);
