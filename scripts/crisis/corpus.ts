// The texts the crisis streams are made of: real labelled posts (the sentiment dev files), each
// classified once by a classifier (the real `analyze` by default) and cached for the run. The
// TRUE label drives the generator; the classifier's output drives the detector.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { analyze } from '../../lib/analysis/analyze.js';
import type { SentimentClass } from '../../lib/analysis/types.js';
import { CLASSES } from '../../lib/analysis/model-format.js';
import { readLabelled } from '../lib-sentiment.js';

export const LANGS = ['en', 'ar', 'he'] as const;
export type Lang = (typeof LANGS)[number];

export interface CorpusText {
  text: string;
  lang: Lang;
  label: SentimentClass;
}

export interface Corpus {
  texts: CorpusText[];
  /** Text indices per language and true class. */
  pools: Record<Lang, Record<SentimentClass, number[]>>;
}

export function buildCorpus(texts: CorpusText[]): Corpus {
  const pools = Object.fromEntries(LANGS.map((l) => [l, { negative: [], neutral: [], positive: [] }])) as unknown as Corpus['pools'];
  texts.forEach((t, i) => pools[t.lang][t.label].push(i));
  for (const l of LANGS) for (const c of CLASSES) if (pools[l][c].length === 0) throw new Error(`corpus: no ${c} ${l} text`);
  return { texts, pools };
}

/** `<dir>/{en,ar,he}.dev.jsonl` (dev only: the test splits are held out). */
export function readDevCorpus(dir: string): Corpus {
  const texts: CorpusText[] = [];
  for (const lang of LANGS) {
    const file = path.join(dir, `${lang}.dev.jsonl`);
    if (!existsSync(file)) throw new Error(`${file} not found; pass --sentiment <folder holding {en,ar,he}.dev.jsonl>`);
    for (const r of readLabelled(file)) texts.push({ text: r.text, lang, label: CLASSES[r.label] });
  }
  return buildCorpus(texts);
}

/** What the pipeline says of a post: its text (by corpus index) and star rating, if any. */
export type Classifier = (textId: number, rating?: number) => SentimentClass;

/** The real analysis stage over the corpus, memoised per (text, rating). */
export function analyzeClassifier(corpus: Corpus, run: typeof analyze = analyze): Classifier {
  const cache = new Map<number, SentimentClass>();
  return (textId, rating) => {
    const key = textId * 8 + (rating ?? 0);
    let s = cache.get(key);
    if (s === undefined) {
      s = run({ text: corpus.texts[textId].text, rating }).sentiment;
      cache.set(key, s);
    }
    return s;
  };
}

export interface ClassifierQuality {
  lang: Lang;
  accuracy: number;
  /** Share of truly negative texts read as negative. */
  negativeRecall: number;
  /** Shares of neutral and positive texts read as negative (what makes a news day or a launch look negative). */
  neutralAsNegative: number;
  positiveAsNegative: number;
}

/** How the classifier reads the corpus (unrated texts), per language. */
export function classifierQuality(corpus: Corpus, classify: Classifier): ClassifierQuality[] {
  return LANGS.map((lang) => {
    const rate = (label: SentimentClass | undefined, as?: SentimentClass) => {
      let n = 0;
      let hit = 0;
      corpus.texts.forEach((t, i) => {
        if (t.lang !== lang || (label && t.label !== label)) return;
        n++;
        if (classify(i) === (as ?? t.label)) hit++;
      });
      return hit / Math.max(1, n);
    };
    return {
      lang,
      accuracy: rate(undefined),
      negativeRecall: rate('negative', 'negative'),
      neutralAsNegative: rate('neutral', 'negative'),
      positiveAsNegative: rate('positive', 'negative'),
    };
  });
}
