// Evaluates a query's syntax tree over one mention: its words (tokens.ts, the one word rule) and
// its fields. Words, phrases, wildcards and NEAR have positions (the spans of words they cover);
// the rest is true or false.
import type { QueryNode, TermNode } from './ast.js';
import { foldForMatch, tokenize, wordMatcher, type Tokens } from './tokens.js';

/** What a query reads of a mention. */
export interface MentionFacts {
  /** Title and text. */
  text: string;
  /** The language stored for the mention ("ar", "en", "und"). */
  lang?: string;
  platform?: string;
  /** The author's handle or name, and id: `author:` matches either. */
  author?: { id?: string; name?: string };
  rating?: number;
}

/** A mention prepared once for every query that reads it. */
export interface QueryInput {
  words: Tokens;
  lang: string;
  platform: string;
  authors: string[];
  rating?: number;
}

export function queryInput(facts: MentionFacts): QueryInput {
  const handle = (s: string | undefined) => (s ?? '').trim().toLowerCase().replace(/^@/, '');
  return {
    words: tokenize(foldForMatch(facts.text)),
    lang: (facts.lang ?? '').toLowerCase(),
    platform: (facts.platform ?? '').toLowerCase(),
    authors: [handle(facts.author?.name), handle(facts.author?.id)].filter(Boolean),
    rating: facts.rating,
  };
}

/** Token index span [first, last] of a match. */
type Span = [number, number];

export type CompiledQuery = (input: QueryInput) => boolean;
type Spans = (input: QueryInput) => Span[];

/** The words of a term as the text's would be, and what stands before, between and after them. */
export interface TermShape {
  words: string[];
  gaps: string[];
  lead: string;
  trail: string;
}

export function termShape(text: string): TermShape {
  const { tokens, tail } = tokenize(foldForMatch(text.trim()));
  return { words: tokens.map((t) => t.word), gaps: tokens.slice(1).map((t) => t.gap), lead: tokens[0]?.gap.trim() ?? '', trail: tail.trim() };
}

// A term matches where its words stand in a row with the same separators ("acme cloud" needs a
// space, "acme.com" its dot) and its own leading or trailing signs ("#acme", "c++") around them.
function termSpans(node: TermNode): Spans {
  const shape = termShape(node.text);
  const matchers = shape.words.map((w, i) => wordMatcher(w, { prefixed: i === 0, open: false }));
  const n = matchers.length;
  return ({ words: { tokens, tail } }) => {
    const out: Span[] = [];
    for (let i = 0; i + n <= tokens.length; i++) {
      if (!tokens[i].gap.endsWith(shape.lead)) continue;
      let k = 0;
      while (k < n && matchers[k](tokens[i + k].word) && (k === 0 || tokens[i + k].gap === shape.gaps[k - 1])) k++;
      if (k < n) continue;
      const after = i + n < tokens.length ? tokens[i + n].gap : tail;
      if (after.startsWith(shape.trail)) out.push([i, i + n - 1]);
    }
    return out;
  };
}

function spansOf(node: QueryNode): Spans {
  switch (node.type) {
    case 'term':
      return termSpans(node);
    case 'prefix': {
      const match = wordMatcher(foldForMatch(node.text), { prefixed: true, open: true });
      return ({ words }) => words.tokens.flatMap((t, i): Span[] => (match(t.word) ? [[i, i]] : []));
    }
    case 'or': {
      const items = node.items.map(spansOf);
      return (input) => items.flatMap((s) => s(input));
    }
    case 'near': {
      const [left, right, n] = [spansOf(node.left), spansOf(node.right), node.distance];
      return (input) => {
        const rights = right(input);
        const out: Span[] = [];
        for (const a of left(input)) {
          for (const b of rights) {
            const between = b[0] > a[1] ? b[0] - a[1] - 1 : a[0] > b[1] ? a[0] - b[1] - 1 : 0;
            if (between <= n) out.push([Math.min(a[0], b[0]), Math.max(a[1], b[1])]);
          }
        }
        return out;
      };
    }
    default:
      // The grammar only builds NEAR over positional operands.
      throw new Error(`${node.type} has no word positions`);
  }
}

/** A function telling whether a mention matches the query. */
export function compileQuery(node: QueryNode): CompiledQuery {
  switch (node.type) {
    case 'term':
    case 'prefix':
    case 'near': {
      const spans = spansOf(node);
      return (input) => spans(input).length > 0;
    }
    case 'or': {
      const items = node.items.map(compileQuery);
      return (input) => items.some((f) => f(input));
    }
    case 'and': {
      const items = node.items.map(compileQuery);
      return (input) => items.every((f) => f(input));
    }
    case 'not': {
      const item = compileQuery(node.item);
      return (input) => !item(input);
    }
    case 'field': {
      const { field, value } = node;
      if (field === 'lang') return ({ lang }) => lang === value || lang.startsWith(`${value}-`);
      if (field === 'platform') return ({ platform }) => platform === value;
      return ({ authors }) => authors.includes(value);
    }
    case 'rating': {
      const { min, max } = node;
      return ({ rating }) => rating !== undefined && rating >= min && rating <= max;
    }
  }
}
