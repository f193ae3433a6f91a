// Experiment (stop 24, not in the product): would adapting the class priors to the stream help the
// brand domain? Label-shift EM (Saerens, Latinne & Decaestecker, "Adjusting the outputs of a
// classifier to new a priori probabilities", Neural Computation 2002): the calibrated posteriors
// softmax(z / T) carry dev's class mix; EM over *unlabelled* target texts estimates the target's
// mix pi_t, and the decision becomes argmax(z + offsets + T log(pi_t / pi_dev)). No label of the
// target is used; the brand check set's labels only score the result.
// Run: npx tsx scripts/experiments/label-shift.ts [--data ../shared/data/sentiment]
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { defaultEncoder } from '../../lib/analysis/encoder/default-encoder.js';
import { fusedLogits } from '../../lib/analysis/encoder/analyze-batch.js';
import { cleanText } from '../../lib/analysis/normalize.js';
import { CLASSES } from '../../lib/analysis/model-format.js';
import { readLabelled, score } from '../lib-sentiment.js';

const args = process.argv.slice(2);
const dataDir = path.resolve(args.includes('--data') ? args[args.indexOf('--data') + 1] : '../shared/data/sentiment');
const encoder = await defaultEncoder();
if (!encoder) throw new Error('the encoder is not installed (npm run setup)');
const T = encoder.meta.temperature;

const softmax = (z: number[]) => {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};

/** EM for the target priors from calibrated posteriors under source priors `src`. */
function emPriors(post: number[][], src: number[], iterations = 100): number[] {
  let pi = [...src];
  for (let it = 0; it < iterations; it++) {
    const next = [0, 0, 0];
    for (const p of post) {
      const a = p.map((v, k) => (v * pi[k]) / src[k]);
      const s = a.reduce((x, y) => x + y, 0);
      a.forEach((v, k) => (next[k] += v / s));
    }
    pi = next.map((v) => v / post.length);
  }
  return pi;
}

const pct = (xs: number[]) => xs.map((x) => (100 * x).toFixed(0) + '%').join('/');

for (const lang of ['en', 'ar', 'he'] as const) {
  const dev = readLabelled(path.join(dataDir, `${lang}.dev.jsonl`));
  const src = [0, 1, 2].map((k) => dev.filter((r) => r.label === k).length / dev.length);
  const check = readFileSync(path.resolve('test/fixtures/brand-check', `${lang}.jsonl`), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { text: string; label: string; kind: string });
  const clean = check.map((r) => cleanText(r.text));
  const ze = await encoder.logits(clean);
  const z = ze.map((e, j) => fusedLogits(encoder, e, lang, clean[j]) as number[]);
  const off = encoder.meta.offsets[lang] ?? [0, 0, 0];
  const gold = check.map((r) => CLASSES.indexOf(r.label as (typeof CLASSES)[number]));
  const post = z.map((v) => softmax(v.map((x) => x / T)));
  const pi = emPriors(post, src, Number(process.env.EM_ITER ?? 100));
  const decide = (shift: number[]) => z.map((v) => { const s = v.map((x, k) => x + off[k] + shift[k]); return s.indexOf(Math.max(...s)); });
  const before = decide([0, 0, 0]);
  const after = decide(pi.map((p, k) => T * Math.log(Math.max(1e-6, p) / src[k])));
  const calmNegative = (pred: number[]) => check.filter((r, j) => (r.kind === 'question' || r.kind === 'announcement' || r.kind === 'neutral') && pred[j] === 0).length;
  const calm = check.filter((r) => r.kind === 'question' || r.kind === 'announcement' || r.kind === 'neutral').length;
  const gmix = [0, 1, 2].map((k) => gold.filter((g) => g === k).length / gold.length);
  console.log(`${lang}: dev mix ${pct(src)}, check-set mix ${pct(gmix)}, EM estimate ${pct(pi)}; check-set macro-F1 ${score(gold, before).macroF1.toFixed(3)} -> ${score(gold, after).macroF1.toFixed(3)}; calm posts (questions, announcements, neutral) read negative ${calmNegative(before)} -> ${calmNegative(after)} of ${calm}`);
}
