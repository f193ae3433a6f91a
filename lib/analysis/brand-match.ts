// Matches mention text to the configured brand and competitor queries. Whole-word matching
// that works in every script: words are letters (\p{L}) and marks (\p{M}); a query in a script
// a language pack owns also matches behind the prefixes that language glues onto words (Hebrew
// ו ה ב ל מ ש כ: "ולאקמה" contains "אקמה"; Arabic و ف ب ل ك and ال).
import type { BrandConfig } from '../config/schema.js';
import { languageOfText, SCRIPT_LANGUAGES } from './languages/index.js';

export interface BrandMatch {
  /** The brand or competitor the row is stored under. */
  brand: string;
  /** For a competitor, the brand it competes with; '' for a brand. */
  competitorOf: string;
  /** The query that matched. */
  query: string;
}

interface Matcher {
  brand: string;
  competitorOf: string;
  queries: { query: string; re: RegExp }[];
  excludes: RegExp[];
}

// The marks each pack says hide a word (Arabic diacritics and tatweel, Hebrew points).
const MARKS = new RegExp(`[${SCRIPT_LANGUAGES.map((p) => p.spelling?.matchMarks ?? '').join('')}]`, 'g');

/** Removes what hides a word from a match: the packs' marks, bidi and zero-width marks. */
export function foldForMatch(text: string): string {
  return text
    .normalize('NFKC')
    .replace(MARKS, '')
    .replace(/[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g, '')
    .toLowerCase();
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function queryRegExp(query: string): RegExp {
  const q = foldForMatch(query.trim());
  const body = q.split(/\s+/).map(escape).join('\\s+');
  const prefixes = languageOfText(q)?.prefixes;
  const prefix = prefixes ? `(?:${prefixes.pattern})` : '';
  // Hashtags and mentions match their bare word too: "#acme" and "@acme" both hit "acme".
  return new RegExp(`(?<![\\p{L}\\p{M}\\p{N}_])[#@]?${prefix}${body}(?![\\p{L}\\p{M}\\p{N}_])`, 'u');
}

export function compileBrandMatchers(brands: BrandConfig[]): Matcher[] {
  const matchers: Matcher[] = [];
  for (const b of brands) {
    const excludes = b.exclude.map(queryRegExp);
    matchers.push({ brand: b.id, competitorOf: '', queries: b.queries.map((q) => ({ query: q, re: queryRegExp(q) })), excludes });
    for (const c of b.competitors) {
      matchers.push({ brand: c.id, competitorOf: b.id, queries: c.queries.map((q) => ({ query: q, re: queryRegExp(q) })), excludes: [] });
    }
  }
  return matchers;
}

/** Every brand or competitor whose query appears in the text (once each). */
export function matchBrands(matchers: Matcher[], text: string): BrandMatch[] {
  const folded = foldForMatch(text);
  const out: BrandMatch[] = [];
  for (const m of matchers) {
    if (m.excludes.some((re) => re.test(folded))) continue;
    const hit = m.queries.find((q) => q.re.test(folded));
    if (hit) out.push({ brand: m.brand, competitorOf: m.competitorOf, query: hit.query });
  }
  return out;
}
