// Sentiment: the committed per-language logistic-regression models (each language pack's
// `model`) over hashed features, a star-rating prior fused with the text, and an emoji/emoticon
// fallback for languages without a model. Pure and synchronous; models are decoded once at import.
import { emojiPolarity } from './emoji.js';
import { extractFeatures } from './features.js';
import { LANGUAGES } from './languages/index.js';
import { CLASSES, decodeModel, type LoadedModel } from './model-format.js';
import { normalizeForModel } from './normalize.js';
import type { SentimentClass } from './types.js';

const MODELS: ReadonlyMap<string, LoadedModel> = new Map(
  LANGUAGES.flatMap((p) => (p.model ? [[p.code, decodeModel(p.model)] as const] : [])),
);

export interface SentimentResult {
  sentiment: SentimentClass;
  /** P(positive) − P(negative), in [-1, 1]. */
  score: number;
  /** Probability of the chosen class, in [0, 1]. */
  confidence: number;
  /** Class probabilities (negative, neutral, positive) after bias and rating (the calibrated p_negative starts here). */
  probs: [number, number, number];
}

/** Whether a language has a trained fast model (the encoder fuses with it). */
export function hasModel(lang: string): boolean {
  return MODELS.has(lang);
}

// P(class | stars) of a typical review site, used as a prior beside the text: a 1-star review
// is usually negative, but "5 stars, but the refund never came" can still be negative.
const RATING_PRIOR: Record<number, [number, number, number]> = {
  1: [0.85, 0.12, 0.03],
  2: [0.65, 0.25, 0.1],
  3: [0.3, 0.4, 0.3],
  4: [0.08, 0.22, 0.7],
  5: [0.05, 0.15, 0.8],
};

function ratingLogPrior(rating: number | undefined): [number, number, number] | undefined {
  if (typeof rating !== 'number' || !Number.isFinite(rating) || rating < 1 || rating > 5) return undefined;
  const r = Math.round(rating);
  const p = RATING_PRIOR[r];
  // Log-odds relative to a flat prior, so that the rating shifts the text's odds rather than
  // replacing them.
  return [Math.log(p[0] * 3), Math.log(p[1] * 3), Math.log(p[2] * 3)];
}

/**
 * Logits of the language model for a cleaned text, or undefined without a model; with its
 * class-bias offsets unless `withClassBias` is false (the encoder fusion tunes its own).
 */
export function modelLogits(lang: string, clean: string, withClassBias = true): [number, number, number] | undefined {
  const m = MODELS.get(lang);
  if (!m) return undefined;
  const v = extractFeatures(normalizeForModel(clean), m.features);
  const w = m.w;
  let z0 = 0;
  let z1 = 0;
  let z2 = 0;
  for (let i = 0; i < v.n; i++) {
    const b = v.idx[i] * 3;
    const x = v.val[i];
    z0 += w[b] * x;
    z1 += w[b + 1] * x;
    z2 += w[b + 2] * x;
  }
  return withClassBias ? [z0 + m.classBias[0], z1 + m.classBias[1], z2 + m.classBias[2]] : [z0, z1, z2];
}

/** Languages without a model: emoji and emoticons only, neutral when there are none. */
function fallbackLogits(clean: string): [number, number, number] {
  const e = emojiPolarity(clean);
  let pos = e.pos;
  let neg = e.neg;
  if (/(?:^|\s)[:;=][-']?[)\]D](?=\s|$)|<3/.test(clean)) pos++;
  if (/(?:^|\s)[:;=][-']?[([](?=\s|$)|:'\(/.test(clean)) neg++;
  const d = Math.min(3, pos) - Math.min(3, neg);
  return [-0.8 * d, 0.6, 0.8 * d];
}

export function sentiment(lang: string, clean: string, rating?: number): SentimentResult {
  return sentimentFromLogits(modelLogits(lang, clean) ?? fallbackLogits(clean), rating);
}

/** Class, score and probabilities from a model's logits, with the star rating fused in. */
export function sentimentFromLogits(logits: readonly [number, number, number], rating?: number): SentimentResult {
  const z: [number, number, number] = [logits[0], logits[1], logits[2]];
  const prior = ratingLogPrior(rating);
  if (prior) {
    // The stars decide what the words leave open: their weight grows from 1 (clearly polar
    // text) to 2 (text the model reads as neutral), so "5 stars, worst purchase ever" stays
    // negative while "1 star, it arrived on Tuesday" becomes negative.
    const m0 = Math.max(z[0], z[1], z[2]);
    const pNeutral = Math.exp(z[1] - m0) / (Math.exp(z[0] - m0) + Math.exp(z[1] - m0) + Math.exp(z[2] - m0));
    const weight = 1 + pNeutral;
    for (let k = 0; k < 3; k++) z[k] += weight * prior[k];
  }
  const mx = Math.max(z[0], z[1], z[2]);
  const e0 = Math.exp(z[0] - mx);
  const e1 = Math.exp(z[1] - mx);
  const e2 = Math.exp(z[2] - mx);
  const s = e0 + e1 + e2;
  const probs: [number, number, number] = [e0 / s, e1 / s, e2 / s];
  const k = z[0] >= z[1] ? (z[0] >= z[2] ? 0 : 2) : z[1] >= z[2] ? 1 : 2;
  const round = (x: number): number => Math.round(x * 1e4) / 1e4;
  return {
    sentiment: CLASSES[k],
    score: round(Math.max(-1, Math.min(1, probs[2] - probs[0]))),
    confidence: round(probs[k]),
    probs,
  };
}
