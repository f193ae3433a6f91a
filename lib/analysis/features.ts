// Hashed sparse features for the sentiment models, shared by training and inference so both see
// exactly the same vector. Three blocks, each scaled by its weight / sqrt(count):
//  - char: character n-grams (charMin..charMax) over the normalised words joined by spaces;
//  - word: word unigrams, bigrams, negation-scoped words, prefix-stripped stems (the language
//    pack of the word's alphabet: Hebrew ו ה ב ל מ ש כ, Arabic proclitics and ال), emoji;
//  - meta: a bias, lexicon emoji counts, lexicon word counts with negation (lexicon.ts), "!" and
//    "?", length bins, and the opening of the post (first word, its script, a vocative, a given
//    name, Latin names inside a right-to-left post).
// The word lists and rules come from every language pack, whatever the model's language: the
// English model stems a Hebrew word the Hebrew way.
// No string is built per n-gram: FNV-1a hashes are extended one character at a time.
import { emojiPolarity } from './emoji.js';
import { allWords, languageOfCodeUnit, languageOfWord, SCRIPT_LANGUAGES } from './languages/index.js';
import { lexiconPolarity } from './lexicon.js';

export interface FeatureConfig {
  /** log2 of the hashed feature space. */
  bits: number;
  charMin: number;
  charMax: number;
  charWeight: number;
  wordWeight: number;
  metaWeight: number;
  bigrams: boolean;
  negation: boolean;
  stems: boolean;
  /** Counts of lexicon words (see lexicon.ts), negation-aware, as meta features. */
  lexicon: boolean;
  /**
   * Opening of the post: first word, its script, and a vocative ("Dana , ..." / "Uri Cohen - ...").
   * Replies addressed to another commenter are often off-topic (the neutral class of the Hebrew data).
   */
  opening: boolean;
}

export const DEFAULT_FEATURES: FeatureConfig = {
  bits: 18,
  charMin: 2,
  charMax: 5,
  charWeight: 1,
  wordWeight: 1,
  metaWeight: 1,
  bigrams: true,
  negation: true,
  stems: true,
  lexicon: true,
  opening: true,
};

/** A sparse vector: indices may repeat (counts), values are already scaled. */
export interface SparseVec {
  idx: Int32Array;
  val: Float32Array;
  n: number;
}

const FNV_PRIME = 16777619;
const SEED_CHAR = 0x811c9dc5;
const SEED_WORD = 0x01000193 ^ 0x5bd1e995;
const SEED_BIGRAM = 0x27d4eb2f;
const SEED_NEG = 0x165667b1;
const SEED_META = 0x3c6ef372;

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hashString(s: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
}

const TOKEN_RE = /[\p{L}\p{M}\p{N}']+|\p{Extended_Pictographic}|[!?]/gu;

const NEGATORS = allWords((p) => p.negators);
const GIVEN_NAMES = allWords((p) => p.givenNames);
const VOCATIVES = allWords((p) => p.vocatives);

const NEG_SCOPE = 3;
const SEED_FIRST = 0x7f4a7c15;
// Meta feature ids of a post's first word in Latin letters and in a script no pack owns; the
// packs' `openingFeature` ids sit beside them and must not take any id used in the meta block.
const LATIN_OPENING = 20;
const OTHER_OPENING = 23;
const META_IDS = new Set([...Array.from({ length: 18 }, (_, i) => i + 1), LATIN_OPENING, OTHER_OPENING, 24, 25, 26, 27]);
for (const { code, script } of SCRIPT_LANGUAGES) {
  if (META_IDS.has(script.openingFeature)) throw new Error(`language pack "${code}": openingFeature ${script.openingFeature} is taken in features.ts`);
}
const VOCATIVE = /^\s*[^\s,.!?:;-]+(?:\s+[^\s,.!?:;-]+)?\s*[,\-–:]/;
const MAX_FEATURES = 1 << 16;

/** Reusable output buffers (inference is synchronous, one text at a time). */
const shared: SparseVec = { idx: new Int32Array(MAX_FEATURES), val: new Float32Array(MAX_FEATURES), n: 0 };

/**
 * Features of a normalised text (see `normalizeForModel`). Returns a vector backed by shared
 * buffers: copy it if you keep it (training does).
 */
export function extractFeatures(norm: string, cfg: FeatureConfig, out: SparseVec = shared): SparseVec {
  const mask = (1 << cfg.bits) - 1;
  const idx = out.idx;
  const val = out.val;
  const cap = idx.length - 64; // room for the meta block
  let n = 0;

  const tokens: string[] = norm.match(TOKEN_RE) ?? [];

  // --- word block ---
  const wordStart = n;
  let prev = 0;
  let negLeft = 0;
  let lexPos = 0;
  let lexNeg = 0;
  let lexHits = 0;
  for (let t = 0; t < tokens.length && n < cap - 8; t++) {
    const tok = tokens[t];
    const h = hashString(tok, SEED_WORD);
    idx[n++] = fmix(h) & mask;
    if (cfg.bigrams) {
      idx[n++] = fmix(Math.imul(prev ^ SEED_BIGRAM, 0x9e3779b1) ^ h) & mask;
      prev = h;
    }
    if (cfg.lexicon) {
      const pol = lexiconPolarity(tok);
      if (pol !== 0) {
        lexHits++;
        if ((negLeft > 0) === (pol > 0)) lexNeg += Math.abs(pol);
        else lexPos += Math.abs(pol);
      }
    }
    if (cfg.negation) {
      if (negLeft > 0 && tok !== '!' && tok !== '?') {
        idx[n++] = fmix(h ^ SEED_NEG) & mask;
        negLeft--;
      }
      if (NEGATORS.has(tok)) negLeft = NEG_SCOPE;
      else if (tok === '!' || tok === '?') negLeft = 0;
    }
    if (cfg.stems && tok.length >= 4) {
      const stems = languageOfWord(tok)?.prefixes?.modelStems(tok);
      if (stems) for (const stem of stems) idx[n++] = fmix(hashString(stem, SEED_WORD)) & mask;
    }
  }
  if (cfg.bigrams && tokens.length > 0) idx[n++] = fmix(Math.imul(prev ^ SEED_BIGRAM, 0x9e3779b1) ^ 7) & mask;
  const wordCount = n - wordStart;
  const ww = wordCount > 0 ? cfg.wordWeight / Math.sqrt(wordCount) : 0;
  for (let i = wordStart; i < n; i++) val[i] = ww;

  // --- char block: n-grams over " w1 w2 ... " ---
  const charStart = n;
  if (cfg.charWeight > 0 && tokens.length > 0) {
    const text = ' ' + tokens.join(' ') + ' ';
    const len = text.length;
    const { charMin, charMax } = cfg;
    for (let i = 0; i < len && n < cap - charMax; i++) {
      let h = SEED_CHAR;
      const end = Math.min(len, i + charMax);
      for (let j = i; j < end; j++) {
        h = Math.imul(h ^ text.charCodeAt(j), FNV_PRIME);
        if (j - i + 1 >= charMin) idx[n++] = fmix(h) & mask;
      }
    }
  }
  const charCount = n - charStart;
  const cw = charCount > 0 ? cfg.charWeight / Math.sqrt(charCount) : 0;
  for (let i = charStart; i < n; i++) val[i] = cw;

  // --- meta block ---
  const mw = cfg.metaWeight;
  const e = emojiPolarity(norm);
  const meta = (id: number, v: number): void => {
    idx[n] = fmix(id ^ SEED_META) & mask;
    val[n++] = v * mw;
  };
  meta(1, 1); // bias
  if (e.pos > 0) meta(2, Math.min(3, e.pos) / 2);
  if (e.neg > 0) meta(3, Math.min(3, e.neg) / 2);
  if (e.pos > 0 && e.neg === 0) meta(4, 0.5);
  if (e.neg > 0 && e.pos === 0) meta(5, 0.5);
  if (lexPos > 0) meta(11, Math.min(4, lexPos) / 2);
  if (lexNeg > 0) meta(12, Math.min(4, lexNeg) / 2);
  if (lexHits === 0 && tokens.length > 0) meta(18, 0.5);
  if (lexPos > lexNeg) meta(13, 0.5);
  if (lexNeg > lexPos) meta(14, 0.5);
  if (norm.indexOf('!') !== -1) meta(6, 0.5);
  if (norm.indexOf('?') !== -1) meta(7, 0.5);
  if (cfg.opening && tokens.length > 0) {
    const first = tokens[0];
    idx[n] = fmix(hashString(first, SEED_FIRST)) & mask;
    val[n++] = 0.5 * mw;
    const c0 = first.charCodeAt(0);
    meta(c0 < 0x250 ? LATIN_OPENING : (languageOfCodeUnit(c0)?.script.openingFeature ?? OTHER_OPENING), 0.5);
    const vocative = VOCATIVE.test(norm);
    if (vocative) meta(24, 0.5);
    // Opens with a given name (or a vocative + name, "يا محمد"): addressed to another commenter.
    const named = GIVEN_NAMES.has(first) || (VOCATIVES.has(first) && tokens.length > 1 && GIVEN_NAMES.has(tokens[1]));
    if (named) meta(26, 0.5);
    if (named && vocative) meta(27, 0.5);
    // Latin words inside a right-to-left post: mostly tagged names and links.
    let latin = 0;
    let rtl = 0;
    for (const t of tokens) {
      const c = t.charCodeAt(0);
      if (c >= 0x61 && c <= 0x7a && t !== 'xurl' && t !== 'xuser') latin++;
      else if (languageOfCodeUnit(c)?.script.rtl) rtl++;
    }
    if (latin > 0 && rtl > latin) meta(25, Math.min(1, latin / 4));
  }
  if (tokens.length === 0) meta(8, 1);
  else if (tokens.length <= 3) meta(9, 0.5);
  else if (tokens.length <= 8) meta(15, 0.5);
  else if (tokens.length <= 20) meta(16, 0.5);
  else if (tokens.length <= 40) meta(17, 0.5);
  else meta(10, 0.5);

  out.n = n;
  return out;
}
