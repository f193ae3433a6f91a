import { readLabelled } from './lib-sentiment.js';
import { defaultEncoder } from '../lib/analysis/encoder/default-encoder.js';
import { cleanText } from '../lib/analysis/normalize.js';
const enc = (await defaultEncoder())!;
let flips = 0, n = 0, maxd = 0, sumd = 0;
for (const lang of ['en', 'ar', 'he']) {
  const rows = readLabelled(`/work/shared/data/sentiment/${lang}.dev.jsonl`).slice(0, 600);
  const texts = rows.map((r) => cleanText(r.text));
  const batch = await enc.logits(texts);
  for (let i = 0; i < texts.length; i++) {
    const [one] = await enc.logits([texts[i]]);
    const a = batch[i], b = one;
    const am = a.indexOf(Math.max(...a)), bm = b.indexOf(Math.max(...b));
    const d = Math.max(...a.map((x, k) => Math.abs(x - b[k])));
    maxd = Math.max(maxd, d); sumd += d; n++;
    if (am !== bm) flips++;
  }
}
console.log({ n, flips, maxLogitDiff: maxd.toFixed(3), meanLogitDiff: (sumd / n).toFixed(4) });
await enc.release();
