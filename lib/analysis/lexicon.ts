// A small hand-written polarity lexicon per language (each pack's `lexicon`), aimed at what
// customers write about brands (service, delivery, refunds, quality). It feeds two aggregate
// features of the trained models ("positive words", "negative words", with negation flipping
// them), whose weights are learned from the training data; words of the list that never occur in
// training (the training posts are about politics and sport, not refunds) still count through them.
// Words are in the model spelling of normalizeForModel (lower case, each pack's spelling folds).
import { LANGUAGES, languageOfWord } from './languages/index.js';

function build(): Map<string, number> {
  const m = new Map<string, number>();
  for (const { lexicon } of LANGUAGES) {
    for (const w of lexicon.positive) m.set(w, 1);
    for (const w of lexicon.negative) m.set(w, -1);
  }
  for (const { lexicon } of LANGUAGES) for (const [w, v] of lexicon.extra ?? []) if (!m.has(w)) m.set(w, v);
  return m;
}

/** Word → polarity in [-1.5, 1.5] (the lists ±1, `extra` as rated), in the model spelling. */
const LEXICON: ReadonlyMap<string, number> = build();

/**
 * Lexicon polarity of a word whose elongation was collapsed to two letters ("ممتااز", "حلوو"):
 * tries each doubled letter once as a single one (words like "ممتاز" have a real double).
 */
function undoubled(word: string): number | undefined {
  for (let i = 1; i < word.length; i++) {
    if (word.charCodeAt(i) === word.charCodeAt(i - 1)) {
      const v = LEXICON.get(word.slice(0, i) + word.slice(i + 1));
      if (v !== undefined) return v;
    }
  }
  return undefined;
}

/** Polarity of a normalised token: exact, then behind its language's prefixes, then (where the pack says so) with elongation undone. */
export function lexiconPolarity(token: string): number {
  const direct = LEXICON.get(token);
  if (direct !== undefined) return direct;
  if (token.length < 3) return 0;
  const pack = languageOfWord(token);
  if (!pack) return 0;
  const stems = pack.prefixes?.lexiconStems(token) ?? [];
  for (const stem of stems) {
    const v = LEXICON.get(stem);
    if (v !== undefined) return v;
  }
  if (!pack.lexicon.undouble) return 0;
  return undoubled(token) ?? (stems.length > 0 ? undoubled(stems[0]) : undefined) ?? 0;
}
