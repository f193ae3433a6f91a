// The analysis of a batch of mentions with the encoder: the texts of the batch that are in one
// of the encoder's languages go through it in one call (each text scored alone), and its logits are
// fused with the fast model's as trained (scripts/train-encoder.ts); the others, and the whole
// batch if the encoder is absent or fails, get the fast synchronous `analyze`. Language and
// needs-a-reply come from `analyze` for both. Never throws.
import { analyze, analyzePrepared, prepareAnalysis } from '../analyze.js';
import { CLASSES } from '../model-format.js';
import { modelLogits, sentimentFromLogits } from '../sentiment.js';
import type { Analysis, AnalysisInput } from '../types.js';
import type { Logits } from './calibration.js';
import type { SentimentEncoder } from './encoder.js';

const round = (x: number): number => Math.round(x * 1e4) / 1e4;

/** The encoder's logits plus given fast-model logits (without their class bias) at the language's weight (meta.fastWeight). */
export function fuseWithFast(encoder: SentimentEncoder, zEncoder: Logits, lang: string, zFast: ArrayLike<number>): Logits {
  const w = encoder.meta.fastWeight[lang] ?? 0;
  return [zEncoder[0] + w * zFast[0], zEncoder[1] + w * zFast[1], zEncoder[2] + w * zFast[2]];
}

/** The encoder's logits fused with the fast model's, as trained. */
export function fusedLogits(encoder: SentimentEncoder, zEncoder: Logits, lang: string, clean: string): Logits {
  const zf = encoder.meta.fastWeight[lang] ? modelLogits(lang, clean, false) : undefined;
  return zf ? fuseWithFast(encoder, zEncoder, lang, zf) : zEncoder;
}

/** Class from the offset logits; score, confidence and p_negative from the calibrated ones. */
export function encoderAnalysis(encoder: SentimentEncoder, z: Logits, lang: string, rating: number | undefined): Pick<Analysis, 'sentiment' | 'score' | 'confidence' | 'p_negative' | 'sentiment_model'> {
  const off = encoder.meta.offsets[lang] ?? [0, 0, 0];
  const T = encoder.meta.temperature;
  const decided = sentimentFromLogits([z[0] + off[0], z[1] + off[1], z[2] + off[2]], rating);
  const cal = sentimentFromLogits([z[0] / T, z[1] / T, z[2] / T], rating).probs;
  const k = CLASSES.indexOf(decided.sentiment);
  return {
    sentiment: decided.sentiment,
    score: round(Math.max(-1, Math.min(1, cal[2] - cal[0]))),
    confidence: round(cal[k]),
    p_negative: round(cal[0]),
    sentiment_model: encoder.meta.name,
  };
}

/** prepareAnalysis, which is written not to throw; an input it cannot read counts as empty. */
function safePrepare(input: AnalysisInput): { text: string; lang: string } {
  try {
    return prepareAnalysis(input);
  } catch {
    return { text: '', lang: 'und' };
  }
}

export async function analyzeBatch(inputs: AnalysisInput[], encoder: SentimentEncoder | undefined, onError: (e: Error) => void = () => {}): Promise<Analysis[]> {
  if (!encoder) return inputs.map((i) => analyze(i));
  const prepared = inputs.map((i) => safePrepare(i));
  const out = inputs.map((i, k) => analyzePrepared(i, prepared[k]));
  try {
    // Texts with no letters (emoji, a link) have language `und` and stay on the fast model.
    const picked = prepared.map((p, i) => i).filter((i) => prepared[i].text !== '' && encoder.supports(prepared[i].lang));
    if (picked.length === 0) return out;
    const logits = await encoder.logits(picked.map((i) => prepared[i].text));
    picked.forEach((i, j) => {
      const { text, lang } = prepared[i];
      out[i] = { ...out[i], ...encoderAnalysis(encoder, fusedLogits(encoder, logits[j], lang, text), lang, inputs[i]?.rating) };
    });
  } catch (e) {
    // A failing session run must not sink the batch: the fast model's results stand.
    onError(e as Error);
  }
  return out;
}
