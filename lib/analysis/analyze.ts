// The analysis stage: language, sentiment (class, score, confidence) and needs-a-reply for one
// mention. Pure, synchronous and fast; never throws, whatever the string (empty, emoji only,
// 50 KB, lone surrogates, markup, bidi and zero-width marks): the poll activity calls it for
// every mention, `scripts/analyze.ts` for every line of a file.
import { detectLanguage } from './language.js';
import { needsReply } from './needs-reply.js';
import { cleanText } from './normalize.js';
import { sentiment } from './sentiment.js';
import type { Analysis, AnalysisInput } from './types.js';

const NEUTRAL: Analysis = { lang: 'und', sentiment: 'neutral', score: 0, confidence: 0, needs_reply: false };

export function analyze(input: AnalysisInput): Analysis {
  try {
    const title = input && typeof input.title === 'string' ? cleanText(input.title) : '';
    const body = input && typeof input.text === 'string' ? cleanText(input.text) : '';
    const text = title && body ? `${title}\n${body}` : title || body;
    const lang = detectLanguage(text, input?.lang);
    const s = sentiment(lang, text, input?.rating);
    return { lang, sentiment: s.sentiment, score: s.score, confidence: s.confidence, needs_reply: needsReply(text) };
  } catch {
    // Defensive only: every step above is written not to throw.
    return { ...NEUTRAL };
  }
}
