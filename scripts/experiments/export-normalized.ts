// Writes <lang>.{train,dev}.jsonl of ../shared/data/sentiment with the text the sentiment features
// see (`normalizeForModel(cleanText(text))`) added as `norm`, for the experiments in this folder.
//
//   npx tsx scripts/experiments/export-normalized.ts [--data ../shared/data/sentiment] [--out /tmp/sentiment-norm]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanText, normalizeForModel } from '../../activities/analysis/normalize.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const dataDir = resolve(arg('data') ?? join(root, '..', 'shared', 'data', 'sentiment'));
const outDir = resolve(arg('out') ?? '/tmp/sentiment-norm');
mkdirSync(outDir, { recursive: true });
for (const lang of ['en', 'ar', 'he']) {
  for (const split of ['train', 'dev']) {
    const lines = readFileSync(join(dataDir, `${lang}.${split}.jsonl`), 'utf8').split('\n').filter((l) => l.trim());
    const out = lines.map((l) => {
      const o = JSON.parse(l) as { id: string; text: string; label: string };
      return JSON.stringify({ id: o.id, label: o.label, text: o.text, norm: normalizeForModel(cleanText(o.text)) });
    });
    writeFileSync(join(outDir, `${lang}.${split}.jsonl`), out.join('\n') + '\n');
  }
}
console.log(`wrote ${outDir}`);
