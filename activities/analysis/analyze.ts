// Interim English-only analysis with wink-nlp; replaced by the multilingual models (issue 3).
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import type { Analysis, AnalysisInput } from './types.js';

const nlp = winkNLP(model);
const its = nlp.its;

export function analyze(input: AnalysisInput): Analysis {
  const text = [input.title, input.text].filter(Boolean).join('\n');
  const score = text.trim() ? Number(nlp.readDoc(text).out(its.sentiment)) : 0;
  const sentiment = score <= -0.1 ? 'negative' : score >= 0.1 ? 'positive' : 'neutral';
  return {
    lang: input.lang ?? 'en',
    sentiment,
    score: Math.max(-1, Math.min(1, score)),
    confidence: Math.min(1, Math.abs(score) * 2),
    needs_reply: /\?|refund|help|support/i.test(text),
  };
}
