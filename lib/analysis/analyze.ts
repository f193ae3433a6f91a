// The analysis stage: language, sentiment (class, score, confidence) and needs-a-reply for one
// mention. Pure, synchronous and fast; never throws, whatever the string (empty, emoji only,
// 50 KB, lone surrogates, markup, bidi and zero-width marks): the poll activity calls it for
// every mention, `scripts/analyze.ts` for every line of a file.
import { detectLanguage } from './language.js';
import { needsReply } from './needs-reply.js';
import { cleanText } from './normalize.js';
import { fastModelName, NO_MODEL } from './encoder/models.js';
import { sentiment } from './sentiment.js';
import type { Analysis, AnalysisInput } from './types.js';

const NEUTRAL: Analysis = { lang: 'und', sentiment: 'neutral', score: 0, confidence: 0, p_negative: 0, sentiment_model: NO_MODEL, needs_reply: false };

/** The cleaned text (title and body) and its language: what every sentiment model reads. */
export function prepareAnalysis(input: AnalysisInput): { text: string; lang: string } {
  const title = input && typeof input.title === 'string' ? cleanText(input.title) : '';
  const body = input && typeof input.text === 'string' ? cleanText(input.text) : '';
  const text = title && body ? `${title}\n${body}` : title || body;
  return { text, lang: detectLanguage(text, input?.lang) };
}

export function analyze(input: AnalysisInput): Analysis {
  try {
    return analyzePrepared(input, prepareAnalysis(input));
  } catch {
    // Defensive only: every step above is written not to throw.
    return { ...NEUTRAL };
  }
}

/** `analyze` for an input whose text is already prepared (the encoder path prepares once). */
export function analyzePrepared(input: AnalysisInput, { text, lang }: { text: string; lang: string }): Analysis {
  try {
    const s = sentiment(lang, text, input?.rating);
    const p_negative = Math.round(s.probs[0] * 1e4) / 1e4;
    return { lang, sentiment: s.sentiment, score: s.score, confidence: s.confidence, p_negative, sentiment_model: fastModelName(lang), needs_reply: needsReply(text) };
  } catch {
    // Defensive only: every step above is written not to throw.
    return { ...NEUTRAL };
  }
}
