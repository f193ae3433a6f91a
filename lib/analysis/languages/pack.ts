// What a language pack is: everything the analysis stage (and the phrase finder) knows about one
// language, in one object. The code that uses the packs is language-blind: it asks the registry
// (index.ts) which pack a word, a query or a script belongs to.
//
// Some fields are model-facing: the sentiment features are computed from them, for every model
// (a Hebrew word inside an English post is stemmed the Hebrew way for the English model too).
// Changing one of those changes what the committed models see: retrain them all after doing so.
import type { ModelFile } from '../model-format.js';

/** An inclusive range of UTF-16 code units. */
export type CodeRange = readonly [from: number, to: number];

/** The script a language owns (Hebrew, Arabic). Latin and Cyrillic are shared and left to ELD. */
export interface ScriptRules {
  /** Its key in the script counts of language identification ("hebrew"). */
  name: string;
  /**
   * The Unicode block. A text with a code unit in it gets the pack's spelling folds; a brand query
   * in it matches behind the pack's prefixes; a word opening in it gives `openingFeature`.
   */
  block: CodeRange;
  /** Letters counted for language identification (presentation forms included). */
  letters: readonly CodeRange[];
  /** Presentation forms, which `cleanText` folds to plain letters with NFKC. */
  presentationForms: readonly CodeRange[];
  /** The plain alphabet: a word starting in it is stemmed and looked up with the pack's prefixes. Model-facing. */
  alphabet: CodeRange;
  /** Written right to left: counts for the "Latin names inside an RTL post" feature. Model-facing. */
  rtl: boolean;
  /** Feature id of a post whose first word is in this script. Model-facing: never change or reuse one. */
  openingFeature: number;
  /**
   * The language of a post whose letters are mostly in this script (the script is shared with
   * Yiddish, Persian...). `eld` is the n-gram detector's best guess for the text.
   */
  identify(text: string, letters: number, eld: (text: string) => string): string;
}

/** How the language is spelled, beyond lower-casing. */
export interface SpellingRules {
  /** The model spelling (letter variants, marks, digits), on lower-cased text. Model-facing. */
  normalize(lower: string): string;
  /** Regex character-class body of the marks removed before matching brand queries and counting phrases. */
  matchMarks: string;
  /** Letter variants the phrase finder counts as one word (phrases keep a readable spelling otherwise). */
  phraseFold?(s: string): string;
}

/** The letters or particles the language glues onto the front of a word. */
export interface PrefixRules {
  /** Regex source of the prefixes before a word; matches the empty string too. Brand queries and reply cues match behind it. */
  pattern: string;
  /** Stems the sentiment features add for a word, shortest prefix first. Model-facing. */
  modelStems(word: string): string[];
  /** Stems the lexicon looks a word up under, in order; the first known one counts. Model-facing. */
  lexiconStems(word: string): string[];
}

export interface LexiconRules {
  /** Positive words, in the model spelling. Model-facing. */
  positive: readonly string[];
  /** Negative words (a word in both lists is negative). Model-facing. */
  negative: readonly string[];
  /** More rated words, polarity in [-1.5, 1.5], for words the two lists lack. Model-facing. */
  extra?: Iterable<readonly [string, number]>;
  /** Looks an unknown word up again with each doubled letter made single ("ممتااز" → "ممتاز"). Model-facing. */
  undouble?: boolean;
}

export interface LanguagePack {
  /** ISO 639-1 code, as `detectLanguage` returns it. */
  code: string;
  name: string;
  /** Only for a language that owns its script. */
  script?: ScriptRules;
  /** Needs `script`. */
  spelling?: SpellingRules;
  /** Needs `script` (words are told apart by their alphabet). */
  prefixes?: PrefixRules;
  /** Frequent words that make a short Latin-script post this language when ELD cannot tell. */
  commonWords?: readonly string[];
  lexicon: LexiconRules;
  /** Words that flip the polarity of the next three words. Model-facing. */
  negators: readonly string[];
  /** Common given names: a post opening with one is addressed to another commenter. Model-facing. */
  givenNames?: readonly string[];
  /** Words that open an address before a name ("يا محمد"). Model-facing. */
  vocatives?: readonly string[];
  /** Needs-a-reply cues, regex sources in the model spelling; matched as whole words behind the prefixes. */
  replyCues: {
    /** Asks for something (a refund, help, an answer): enough on its own. */
    request: readonly string[];
    /** Question words and forms: count only with a question mark. */
    question: readonly string[];
    /** Question marks besides "?". */
    questionMarks?: string;
    /** Cries for help that need a reply on their own ("help!" closing a complaint). */
    helpCry?: readonly string[];
  };
  /**
   * Words the phrase finder never reports. Negations stay out: "not working" and "לא עובד" are
   * what people complain about. One-letter words need no entry: they are never reported.
   */
  stopwords: readonly string[];
  /** The committed sentiment model (models/<code>.json, written by scripts/train-sentiment.ts). */
  model?: ModelFile;
}

/** The words of a whitespace-separated list. */
export function words(list: string): string[] {
  return list.split(/\s+/).filter(Boolean);
}

/** Regex character-class body for code ranges ("\u05D0-\u05EA"). */
export function charClass(ranges: readonly CodeRange[]): string {
  const u = (n: number) => `\\u${n.toString(16).toUpperCase().padStart(4, '0')}`;
  return ranges.map(([a, b]) => (a === b ? u(a) : `${u(a)}-${u(b)}`)).join('');
}

export function inRange(c: number, [from, to]: CodeRange): boolean {
  return c >= from && c <= to;
}

/**
 * Stems behind up to `max` prefix letters taken one by one from the front ("והמעולה" → "המעולה",
 * "מעולה"), each at least `minStem` long.
 */
export function letterPrefixStems(word: string, letters: string, max: number, minStem: number): string[] {
  const out: string[] = [];
  for (let i = 1; i <= max && word.length - i >= minStem && letters.includes(word[i - 1]); i++) out.push(word.slice(i));
  return out;
}

/** The stem behind the longest of `prefixes` that leaves at least `minStem` letters (none or one). */
export function longestPrefixStem(word: string, prefixes: readonly string[], minStem: number): string[] {
  let best = '';
  for (const p of prefixes) if (p.length > best.length && word.length - p.length >= minStem && word.startsWith(p)) best = p;
  return best ? [word.slice(best.length)] : [];
}
