// The words of a text as queries see them, and the one rule for when a query word matches a
// word of the text. Text is folded first (case, the packs' marks, bidi and zero-width marks). A
// word is a run of letters, marks, digits and "_"; an emoji is a word of its own. A query word
// in a script a language pack owns also matches behind the prefixes that language glues onto
// words (Hebrew ו ה ב ל מ ש כ: "ולאקמה" is "and to Acme"; Arabic و ف ب ل ك and ال).
import { languageOfText, SCRIPT_LANGUAGES } from '../analysis/languages/index.js';

// The marks each pack says hide a word (Arabic diacritics and tatweel, Hebrew points).
const MARKS = new RegExp(`[${SCRIPT_LANGUAGES.map((p) => p.spelling?.matchMarks ?? '').join('')}]`, 'g');

/** Removes what hides a word from a match: the packs' marks, bidi and zero-width marks; lower-case. */
export function foldForMatch(text: string): string {
  return text
    .normalize('NFKC')
    .replace(MARKS, '')
    .replace(/[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g, '')
    .toLowerCase();
}

export interface Token {
  word: string;
  /** What stands between the previous word (or the start) and this one, spaces folded to one. */
  gap: string;
}

export interface Tokens {
  tokens: Token[];
  /** What follows the last word. */
  tail: string;
}

const WORD = /[\p{L}\p{M}\p{N}_]+|\p{Extended_Pictographic}/gu;
const WORD_CHARS = '[\\p{L}\\p{M}\\p{N}_]';

// Emoji presentation selectors and skin tones change how an emoji looks, not which it is.
function foldGap(gap: string): string {
  return gap.replace(/[\uFE0E\uFE0F\u{1F3FB}-\u{1F3FF}]/gu, '').replace(/\s+/g, ' ');
}

/** The words of already folded text, each with the gap before it. */
export function tokenize(folded: string): Tokens {
  const tokens: Token[] = [];
  let last = 0;
  for (const m of folded.matchAll(WORD)) {
    tokens.push({ word: m[0], gap: foldGap(folded.slice(last, m.index)) });
    last = m.index + m[0].length;
  }
  return { tokens, tail: foldGap(folded.slice(last)) };
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface WordRule {
  /** The word may stand behind its language's prefixes (the first word of a term). */
  prefixed: boolean;
  /** A wildcard: the text's word may go on after the query's. */
  open: boolean;
}

/** The token rule: does a word of the text match this (folded) query word? */
export function wordMatcher(word: string, rule: WordRule): (token: string) => boolean {
  const prefixes = rule.prefixed ? languageOfText(word)?.prefixes : undefined;
  if (!prefixes && !rule.open) return (token) => token === word;
  const re = new RegExp(`^(?:${prefixes?.pattern ?? ''})${escape(word)}${rule.open ? `${WORD_CHARS}*` : ''}$`, 'u');
  return (token) => re.test(token);
}
