// The names written to `mentions.sentiment_model`, one per way a sentiment can be scored, so
// dashboards and analysts can tell (and compare) them. The encoder's name comes from its meta.
import { hasModel } from '../sentiment.js';

/** The per-language hashed n-gram logistic regression (lib/analysis/sentiment.ts). */
export const FAST_MODEL = 'ngram-lr';
/** Languages without a model: emoji and emoticons only. */
export const EMOJI_MODEL = 'emoji';
/** Nothing scored (the defensive fallback of `analyze`). */
export const NO_MODEL = 'none';

export function fastModelName(lang: string): string {
  return hasModel(lang) ? FAST_MODEL : EMOJI_MODEL;
}
