// What the analysis stage adds to every mention. Pure and synchronous: the same code runs in
// the poll activity, in `npm run analyze` and in the backtest.
export type SentimentClass = 'negative' | 'neutral' | 'positive';

export interface AnalysisInput {
  text: string;
  title?: string;
  /** Star rating 1..5 of a review: a signal beside the text, not a replacement for it. */
  rating?: number;
  /** Language the provider declared, if any (a hint, not trusted blindly). */
  lang?: string;
}

export interface Analysis {
  /** ISO 639-1 code ("en", "ar", "he", ...) or "und" when it cannot be told. */
  lang: string;
  sentiment: SentimentClass;
  /** Polarity in [-1, 1]. */
  score: number;
  /** Confidence of the class in [0, 1]. */
  confidence: number;
  /** Probability that the post is negative, in [0, 1] (calibrated on dev for the encoder). */
  p_negative: number;
  /** Which model scored the sentiment: see SENTIMENT_MODELS in lib/analysis/encoder/models.ts. */
  sentiment_model: string;
  /** A question or complaint that asks the brand for something. */
  needs_reply: boolean;
}
