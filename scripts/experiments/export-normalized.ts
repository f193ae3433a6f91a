// Writes <lang>.{train,dev}.jsonl of ../shared/data/sentiment with the text the sentiment features
// see (`normalizeForModel(cleanText(text))`) added as `norm`, for the experiments in this folder.
//
//   npx tsx scripts/experiments/export-normalized.ts [--data ../shared/data/sentiment] [--out /tmp/sentiment-norm]
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Option } from 'commander';
import { CLASSES } from '../../lib/analysis/model-format.js';
import { cleanText, normalizeForModel } from '../../lib/analysis/normalize.js';
import { cliProgram, existingDir, outputDir, parseArgs } from '../lib-cli.js';
import { readLabelled } from '../lib-sentiment.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const o = parseArgs<{ data: string; out: string }>(
  cliProgram('export-normalized', 'Write the sentiment splits with the text the features see added as `norm`')
    .addOption(
      new Option('--data <dir>', 'labelled sentiment splits').argParser(existingDir).default(join(root, '..', 'shared', 'data', 'sentiment'), '../shared/data/sentiment'),
    )
    .option('--out <dir>', 'where to write', outputDir, '/tmp/sentiment-norm'),
);
const outDir = resolve(o.out);
mkdirSync(outDir, { recursive: true });
for (const lang of ['en', 'ar', 'he']) {
  for (const split of ['train', 'dev']) {
    const out = readLabelled(join(resolve(o.data), `${lang}.${split}.jsonl`)).map((r) =>
      JSON.stringify({ id: r.id, label: CLASSES[r.label], text: r.text, norm: normalizeForModel(cleanText(r.text)) }),
    );
    writeFileSync(join(outDir, `${lang}.${split}.jsonl`), out.join('\n') + '\n');
  }
}
console.log(`wrote ${outDir}`);
