// A classifier that has never seen the dev texts. The committed sentiment models are trained on
// train + dev (docs/analysis.md), so `analyze` on dev texts is in-sample: it makes far fewer
// mistakes there (accuracy 0.87-0.96) than on posts it has not seen (cross-validated accuracy
// 0.67-0.85), and a crisis benchmark built on it would understate the classifier errors that
// make decoys alert. This classifier is the same pipeline (cleaning, language id, hashed
// features, the committed class offsets) with a model of the committed settings trained on the
// train split alone. Star-rated posts keep `analyze` (its star prior is not reusable on other
// logits; 1-2 stars count negative whatever the text). Models take about a minute to train;
// their dev logits are cached on disk, keyed by the data and the settings. With the encoder
// (what `analyze` runs when it is installed) the classes are the product's fusion of encoder
// and fast logits, the fast ones from the train-only model: the encoder was trained on the
// train split; its epoch, fusion weight and class offsets were chosen on dev (a handful of
// numbers, so mildly optimistic on dev texts).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze } from '../../lib/analysis/analyze.js';
import { encoderAnalysis, fuseWithFast } from '../../lib/analysis/encoder/analyze-batch.js';
import type { SentimentEncoder } from '../../lib/analysis/encoder/encoder.js';
import { cleanText } from '../../lib/analysis/normalize.js';
import { CLASSES, type ModelFile } from '../../lib/analysis/model-format.js';
import { argmaxWithBias, hashRows, logitsOf, readLabelled, trainLogReg, type TrainOptions } from '../lib-sentiment.js';
import { analyzeClassifier, LANGS, type Classifier, type Corpus, type Lang } from './corpus.js';

const MODELS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'lib', 'analysis', 'models');
const CACHE_DIR = path.join(os.tmpdir(), 'brand-pulse-bench-cache');

/** Logits (3 per dev row, in file order) of a model trained on `<lang>.train.jsonl` only, and the committed class offsets. */
function trainOnlyLogits(lang: Lang, dataDir: string, log: (msg: string) => void): { logits: Float64Array; classBias: number[] } {
  const model = JSON.parse(readFileSync(path.join(MODELS_DIR, `${lang}.json`), 'utf8')) as ModelFile;
  const train = model.meta.train as Omit<TrainOptions, 'log'>;
  const trainFile = path.join(dataDir, `${lang}.train.jsonl`);
  const devFile = path.join(dataDir, `${lang}.dev.jsonl`);
  if (!existsSync(trainFile)) throw new Error(`${trainFile} not found (needed by --classifier train-only)`);
  const key = createHash('sha256')
    .update(readFileSync(trainFile))
    .update(readFileSync(devFile))
    .update(JSON.stringify([model.features, train]))
    .digest('hex')
    .slice(0, 16);
  const cached = path.join(CACHE_DIR, `${lang}-train-only-logits-${key}.json`);
  if (existsSync(cached)) return { logits: Float64Array.from(JSON.parse(readFileSync(cached, 'utf8')) as number[]), classBias: model.classBias };
  const t0 = Date.now();
  log(`training a ${lang} model on ${lang}.train.jsonl alone (cached afterwards in ${CACHE_DIR})...`);
  const trained = trainLogReg(hashRows(readLabelled(trainFile), model.features), model.features.bits, train);
  const logits = logitsOf(hashRows(readLabelled(devFile), model.features), trained.w);
  mkdirSync(CACHE_DIR, { recursive: true });
  writeFileSync(cached, JSON.stringify([...logits].map((z) => Math.round(z * 1e5) / 1e5)));
  log(`  ${lang}: ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  return { logits, classBias: model.classBias };
}

/**
 * Class of each corpus text from the train-only models: the fast model alone, or, with an
 * encoder, the product's fusion and decision (analyze-batch.ts) with the train-only fast logits
 * in place of the committed model's.
 */
async function trainOnlyClasses(corpus: Corpus, dataDir: string, log: (msg: string) => void, encoder?: SentimentEncoder): Promise<Int8Array> {
  const byText = new Int8Array(corpus.texts.length).fill(-1);
  for (const lang of LANGS) {
    const { logits, classBias } = trainOnlyLogits(lang, dataDir, log);
    // readDevCorpus keeps file order within each language.
    const ids = corpus.texts.map((t, i) => (t.lang === lang ? i : -1)).filter((i) => i >= 0);
    if (ids.length * 3 !== logits.length) throw new Error(`${lang}: ${logits.length / 3} logit rows for ${ids.length} corpus texts`);
    if (encoder?.supports(lang)) {
      const ze = await encoder.logits(ids.map((id) => cleanText(corpus.texts[id].text)));
      ids.forEach((id, j) => {
        const z = fuseWithFast(encoder, ze[j], lang, logits.subarray(3 * j, 3 * j + 3));
        byText[id] = CLASSES.indexOf(encoderAnalysis(encoder, z, lang, undefined).sentiment);
      });
    } else {
      const pred = argmaxWithBias(logits, classBias);
      ids.forEach((id, j) => (byText[id] = pred[j]));
    }
  }
  return byText;
}

/** The train-only classifier over a corpus read by readDevCorpus from `dataDir`. */
export async function trainOnlyClassifier(corpus: Corpus, dataDir: string, log: (msg: string) => void = () => {}, encoder?: SentimentEncoder): Promise<Classifier> {
  const byText = await trainOnlyClasses(corpus, dataDir, log, encoder);
  const shipped = analyzeClassifier(corpus);
  const detected = new Map<number, string>();
  return (textId, rating) => {
    if (rating !== undefined) return shipped(textId, rating);
    let lang = detected.get(textId);
    if (lang === undefined) {
      lang = analyze({ text: corpus.texts[textId].text }).lang;
      detected.set(textId, lang);
    }
    // A text whose language is misread goes to another model (or none) in the pipeline too.
    return lang === corpus.texts[textId].lang ? CLASSES[byText[textId]] : shipped(textId);
  };
}
