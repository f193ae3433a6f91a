// Matches mention text to the configured brand and competitor queries. Whole-word matching
// that works in every script: Latin, Arabic and Hebrew words are letters (\p{L}) and marks
// (\p{M}); a Hebrew query also matches behind the one-letter prefixes Hebrew glues onto
// words (ו ה ב ל מ ש כ: "ולאקמה" contains "אקמה"), and an Arabic one behind و ف ب ل ك and ال.
import type { BrandConfig } from '../config/schema.js';

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

const HEBREW = /[\u0590-\u05FF]/;
const ARABIC = /[\u0600-\u06FF]/;

/** Removes what hides a word from a match: diacritics, tatweel, bidi and zero-width marks. */
export function foldForMatch(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u064B-\u065F\u0670\u0640\u0591-\u05C7]/g, '')
    .replace(/[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g, '')
    .toLowerCase();
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function queryRegExp(query: string): RegExp {
  const q = foldForMatch(query.trim());
  const body = q.split(/\s+/).map(escape).join('\\s+');
  let prefix = '';
  if (HEBREW.test(q)) prefix = '(?:[והבלמשכ]{1,3})?';
  else if (ARABIC.test(q)) prefix = '(?:[وفبلك]?(?:ال)?)?';
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
