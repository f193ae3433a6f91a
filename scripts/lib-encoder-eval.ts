// Held-out views used by bench-analysis.ts beside the plain dev split: the brand-domain check
// set (test/fixtures/brand-check/), Arabic dev rows on topics the training split never saw, dev
// rows without a near-copy in train, and the Hebrew rows from the upstream dev split; and the
// fusion of the encoder's logits with the fast model's, and loading a freshly trained graph
// (train-encoder.ts, experiments).
import { copyFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logits } from '../lib/analysis/encoder/calibration.js';
import { SentimentEncoder, type EncoderMeta } from '../lib/analysis/encoder/encoder.js';
import { CLASSES, type ModelFile } from '../lib/analysis/model-format.js';
import { PROJECT_ROOT } from '../workers/temporal-cli.js';
import { hashRows, logitsOf, trainLogReg, tuneClassBias, type Label, type Row, type TrainOptions } from './lib-sentiment.js';

/**
 * The fast model's logits for `rows` from a model trained on `train` with the committed model's
 * settings (the committed one has seen dev).
 */
export function fastLogits(lang: string, train: Row[], rows: Row[]): Logits[] {
  const file = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'lib', 'analysis', 'models', `${lang}.json`), 'utf8')) as ModelFile;
  const settings = (file.meta as { train: Omit<TrainOptions, 'log'> }).train;
  const model = trainLogReg(hashRows(train, file.features), file.features.bits, settings);
  const z = logitsOf(hashRows(rows, file.features), model.w);
  return rows.map((_, i) => [z[i * 3], z[i * 3 + 1], z[i * 3 + 2]]);
}

/**
 * A trained int8 graph loaded as the product loads it, from `dir` (the graph copied there with a
 * meta that has no decision yet: fusion weight 0, no offsets, temperature 1). Returns that meta.
 */
export async function loadTrainedGraph(
  image: string,
  onnxPath: string,
  dir: string,
  model: { name: string; layers: number; maxTokens: number; languages: string[] },
): Promise<{ encoder: SentimentEncoder; draft: EncoderMeta }> {
  const draft: EncoderMeta = { ...model, hidden: 384, imageBytes: statSync(image).size, fastWeight: {}, offsets: {}, temperature: 1 };
  mkdirSync(dir, { recursive: true });
  copyFileSync(onnxPath, path.join(dir, 'sentiment-encoder.onnx'));
  writeFileSync(path.join(dir, 'sentiment-encoder.json'), JSON.stringify(draft, null, 1) + '\n');
  const loaded = await SentimentEncoder.load(image, { modelDir: dir });
  if (!loaded.ok) throw new Error(loaded.reason);
  return { encoder: loaded.encoder, draft };
}

/** Weights of the fast model's logits tried in the fusion. */
export const WEIGHTS = [0, 0.25, 0.5, 0.75, 1, 1.5, 2];
export const fuse = (ze: Logits[], zf: Logits[], w: number): Logits[] => ze.map((z, i) => [z[0] + w * zf[i][0], z[1] + w * zf[i][1], z[2] + w * zf[i][2]]);

export interface Decision {
  weight: number;
  bias: [number, number, number];
  macroF1: number;
}

/** Fusion weight (from `weights`) and offsets maximising macro-F1 on the given rows. */
export function fitDecision(ze: Logits[], zf: Logits[], gold: number[], weights: number[]): Decision {
  let best: Decision = { weight: 0, bias: [0, 0, 0], macroF1: -1 };
  for (const w of weights) {
    const t = tuneClassBias(Float64Array.from(fuse(ze, zf, w).flat()), gold);
    if (t.macroF1 > best.macroF1 + 1e-9) best = { weight: w, bias: t.bias, macroF1: t.macroF1 };
  }
  return best;
}

export interface CheckRow extends Row {
  lang: string;
  kind: 'complaint' | 'praise' | 'question' | 'news';
  /** Asserted only where it is clear: questions and "help!" complaints true, news and praise false. */
  needs_reply?: boolean;
}

export function readBrandCheck(path: string): CheckRow[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const o = JSON.parse(l) as Omit<CheckRow, 'label'> & { label: string };
      return { ...o, label: CLASSES.indexOf(o.label as (typeof CLASSES)[number]) as Label };
    });
}

const HASHTAG = /#[\p{L}\p{N}_]+/gu;
const hashtags = (t: string): string[] => (t.match(HASHTAG) ?? []).map((h) => h.toLowerCase());

/**
 * Dev rows by topic: "novel" when the row has hashtags and none of them occurs in the training
 * split (a topic the model never saw, as a later period brings), "seen" when all of them do.
 */
export function topicSplit(train: Row[], dev: Row[]): { novel: number[]; seen: number[] } {
  const known = new Set(train.flatMap((r) => hashtags(r.text)));
  const novel: number[] = [];
  const seen: number[] = [];
  dev.forEach((r, i) => {
    const h = hashtags(r.text);
    if (h.length === 0) return;
    if (h.every((x) => !known.has(x))) novel.push(i);
    else if (h.every((x) => known.has(x))) seen.push(i);
  });
  return { novel, seen };
}

const words = (t: string): string[] =>
  t
    .toLowerCase()
    .replace(/https?:\/\/\S+|@\S+/g, ' ')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

/** Dev rows of which less than half of the word trigrams occur anywhere in train (no near-copy there). */
export function withoutNearCopy(train: Row[], dev: Row[]): number[] {
  const grams = (t: string): string[] => {
    const w = words(t);
    const g: string[] = [];
    for (let i = 0; i + 2 < w.length; i++) g.push(`${w[i]} ${w[i + 1]} ${w[i + 2]}`);
    return g;
  };
  const known = new Set(train.flatMap((r) => grams(r.text)));
  return dev
    .map((r, i) => ({ g: grams(r.text), i }))
    .filter(({ g }) => g.length === 0 || g.filter((x) => known.has(x)).length / g.length < 0.5)
    .map(({ i }) => i);
}
