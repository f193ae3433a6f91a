// Matches a mention to the configured brands and competitors. A brand is either a list of
// phrases (`queries`, any one appearing as whole words matches) or a boolean query (`query`,
// docs/queries.md); `exclude` phrases veto a match either way. Words are matched by the one
// rule of lib/query/tokens.ts: whole words in every script, behind the Hebrew and Arabic
// prefixes ("ולאקמה" contains "אקמה").
import type { BrandConfig } from '../config/schema.js';
import type { TermNode } from '../query/ast.js';
import { compileQuery, queryInput, type CompiledQuery, type MentionFacts } from '../query/evaluate.js';
import { parseQuery } from '../query/parse.js';

export interface BrandMatch {
  /** The brand or competitor the row is stored under. */
  brand: string;
  /** For a competitor, the brand it competes with; '' for a brand. */
  competitorOf: string;
  /** The phrase of the list that matched, or the boolean query. */
  query: string;
}

interface Matcher {
  brand: string;
  competitorOf: string;
  /** Tried in order; the first that matches names the match. */
  includes: { query: string; test: CompiledQuery }[];
  exclude?: CompiledQuery;
}

interface QueryFields {
  queries: string[];
  query?: string;
}

const phrase = (text: string): TermNode => ({ type: 'term', text, quoted: true, at: 0 });

function includesOf(q: QueryFields): Matcher['includes'] {
  if (q.query !== undefined) return [{ query: q.query, test: compileQuery(parseQuery(q.query)) }];
  // The list form: each phrase as a quoted phrase of the boolean form, tried one by one to name the match.
  return q.queries.map((text) => ({ query: text, test: compileQuery(phrase(text)) }));
}

/** Throws QuerySyntaxError on a bad query (the config check reports it first, with its path). */
export function compileBrandMatchers(brands: BrandConfig[]): Matcher[] {
  const matchers: Matcher[] = [];
  for (const b of brands) {
    const exclude = b.exclude.length ? compileQuery({ type: 'or', items: b.exclude.map(phrase) }) : undefined;
    matchers.push({ brand: b.id, competitorOf: '', includes: includesOf(b), exclude });
    for (const c of b.competitors) matchers.push({ brand: c.id, competitorOf: b.id, includes: includesOf(c) });
  }
  return matchers;
}

/** Every brand or competitor whose query matches the mention (once each). */
export function matchBrands(matchers: Matcher[], mention: MentionFacts): BrandMatch[] {
  const input = queryInput(mention);
  const out: BrandMatch[] = [];
  for (const m of matchers) {
    if (m.exclude?.(input)) continue;
    const hit = m.includes.find((q) => q.test(input));
    if (hit) out.push({ brand: m.brand, competitorOf: m.competitorOf, query: hit.query });
  }
  return out;
}
