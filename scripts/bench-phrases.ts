// Times topPhrases on the live path's largest input: loadEvidence hands it up to 2000 negative
// texts of the incident window and 5000 baseline texts. Texts are real posts from
// ../shared/data/sentiment/*.{train,dev}.jsonl (negative-labelled ones for the window, any label
// for the baseline), drawn with a fixed seed, in three windows: English only, Arabic and Hebrew
// only, and a mix of the three. Prints, in milliseconds of wall time and of CPU time (the CPU
// time holds up better on a busy machine), the median call on texts it has not seen and on the
// same texts again (English chunks are remembered across calls), with the top phrases found,
// and the process's first call (what loading costs).
//
//   npx tsx scripts/bench-phrases.ts [--data ../shared/data/sentiment] [--negative 2000] [--baseline 5000] [--rounds 5]
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Option } from 'commander';
import { cliProgram, existingDir, numberIn, parseArgs } from './lib-cli.js';
import { mulberry32 } from './lib-random.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const o = parseArgs<{ data: string; negative: number; baseline: number; rounds: number; seed: number }>(
  cliProgram('bench-phrases', 'Milliseconds of topPhrases on 2000 negative vs 5000 baseline real posts (English, Arabic/Hebrew, mixed)')
    .addOption(
      new Option('--data <dir>', 'labelled posts (*.train.jsonl, *.dev.jsonl)').argParser(existingDir).default(join(root, '..', 'shared', 'data', 'sentiment'), '../shared/data/sentiment'),
    )
    .option('--negative <n>', 'negative texts in the incident window', numberIn({ integer: true, min: 1 }), 2000)
    .option('--baseline <n>', 'baseline texts', numberIn({ integer: true, min: 0 }), 5000)
    .option('--rounds <n>', 'timed rounds after the first call', numberIn({ integer: true, min: 1 }), 5)
    .option('--seed <n>', 'seed of the draw', numberIn({ integer: true }), 1),
);
const [{ readLabelled }, { topPhrases }] = await Promise.all([import('./lib-sentiment.js'), import('../lib/detection/phrases.js')]);

type Lang = 'en' | 'ar' | 'he';
const pools = new Map<Lang, { negative: string[]; all: string[] }>();
for (const lang of ['en', 'ar', 'he'] as const) {
  const rows = ['train', 'dev'].map((s) => join(o.data, `${lang}.${s}.jsonl`)).filter(existsSync).flatMap((f) => readLabelled(f));
  if (rows.length === 0) {
    process.stderr.write(`bench-phrases: no ${lang}.train.jsonl or ${lang}.dev.jsonl in ${resolve(o.data)}\n`);
    process.exit(1);
  }
  pools.set(lang, { negative: rows.filter((r) => r.label === 0).map((r) => r.text), all: rows.map((r) => r.text) });
}

const rand = mulberry32(o.seed);
/** n texts drawn from the languages in turn, each pool shuffled (repeats only once a pool is used up). */
function draw(langs: Lang[], n: number, kind: 'negative' | 'all'): string[] {
  const decks = langs.map((l) => [...(pools.get(l) as { negative: string[]; all: string[] })[kind]]);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const deck = decks[i % decks.length];
    const j = Math.floor(rand() * deck.length);
    out.push(deck[j]);
    if (deck.length > 1) deck.splice(j, 1);
  }
  return out;
}

const windows: { name: string; langs: Lang[] }[] = [
  { name: 'English', langs: ['en'] },
  { name: 'Arabic + Hebrew', langs: ['ar', 'he'] },
  { name: 'English + Arabic + Hebrew', langs: ['en', 'ar', 'he'] },
];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function timed(negative: string[], baseline: string[]): { ms: number; cpu: number; top: string[] } {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const top = topPhrases(negative, baseline, 8).map((p) => p.phrase);
  const c = process.cpuUsage(c0);
  return { ms: performance.now() - t0, cpu: (c.user + c.system) / 1000, top };
}

console.log(`topPhrases(${o.negative} negative texts, ${o.baseline} baseline texts, 8), Node ${process.version}, median of ${o.rounds} rounds`);
console.log('"new texts": texts it has not seen (an incident opening); "same texts": the call repeated (an update, whose texts barely move).');
console.log('| window | new texts ms | new texts CPU ms | same texts ms | same texts CPU ms | top phrases |');
console.log('|---|---:|---:|---:|---:|---|');
let first: number | undefined;
for (const w of windows) {
  const negative = draw(w.langs, o.negative, 'negative');
  const baseline = draw(w.langs, o.baseline, 'all');
  const fresh: { ms: number; cpu: number }[] = [];
  const again: { ms: number; cpu: number }[] = [];
  let top: string[] = [];
  for (let r = 0; r <= o.rounds; r++) {
    // A number of its own at the end makes every text new to the call (numbers are no words).
    const tag = (t: string) => `${t}\n${r}`;
    const cold = timed(negative.map(tag), baseline.map(tag));
    first ??= cold.ms;
    const warm = timed(negative.map(tag), baseline.map(tag));
    top = warm.top;
    if (r === 0) continue; // the first round also warms the JIT (and loads the English model)
    fresh.push(cold);
    again.push(warm);
  }
  const m = (xs: { ms: number; cpu: number }[], k: 'ms' | 'cpu') => median(xs.map((x) => x[k])).toFixed(0);
  console.log(`| ${w.name} | ${m(fresh, 'ms')} | ${m(fresh, 'cpu')} | ${m(again, 'ms')} | ${m(again, 'cpu')} | ${top.join(', ')} |`);
}
console.log(`First call in this process (loads what it needs, JIT cold): ${(first ?? 0).toFixed(0)} ms.`);
