// Parses a boolean brand query (docs/queries.md) with the generated grammar, then checks what a
// grammar cannot say: every word and phrase has a word to match, and the query names something
// (a query of only NOT and filters would match every mention). Errors name the column and
// point at it with a caret line under the query.
import type { QueryNode } from './ast.js';
import { parse, SyntaxError as PeggySyntaxError, type PeggyExpectation } from './query-parser.js';
import { termShape } from './evaluate.js';
import { searchTerms } from './search-terms.js';

export class QuerySyntaxError extends Error {
  constructor(
    /** What is wrong, without the position ("expected \")\""). */
    readonly reason: string,
    readonly query: string,
    /** 1-based, in characters. */
    readonly column: number,
  ) {
    super(describeQueryError(reason, query, column));
    this.name = 'QuerySyntaxError';
  }

  /** The message with its caret line shifted right by `indent` characters (what a caller prints before it). */
  describe(indent = 0): string {
    return describeQueryError(this.reason, this.query, this.column, indent);
  }
}

function describeQueryError(reason: string, query: string, column: number, indent = 0): string {
  const head = `${reason} at column ${column}: `;
  return `${head}${query}\n${' '.repeat(indent + head.length + column - 1)}^`;
}

const columnOf = (query: string, offset: number) => [...query.slice(0, offset)].length + 1;

// Peggy lists every token that could come next; a person wants the one that matters.
const STARTERS = new Set(['"("', '"NOT"', 'a quoted phrase', 'a field filter', 'a word']);
function reasonOf(e: PeggySyntaxError, query: string): string {
  if (!e.expected) return e.message; // raised by an action: already says what is wrong
  const wanted = new Set(e.expected.map((x: PeggyExpectation) => (x.type === 'literal' ? JSON.stringify(x.text) : x.description ?? '')));
  const rest = query.slice(e.location.start.offset);
  const found = e.found === null ? '' : ` but found ${JSON.stringify(rest.match(/^[^\s()"]+/)?.[0] ?? e.found)}`;
  if (e.found === ')' && !wanted.has('")"')) return 'unexpected ")" with no "(" to close';
  if (e.found === '"') return 'a quoted phrase needs its closing "';
  if (wanted.has('")"')) return `expected ")"${found}`;
  if ([...STARTERS].some((s) => wanted.has(s))) return `expected a word, a "quoted phrase", a field filter, "(" or NOT${found}`;
  return `unexpected${found.replace(' but found', '')}`;
}

/** The query's syntax tree; throws QuerySyntaxError. */
export function parseQuery(query: string): QueryNode {
  let node: QueryNode;
  try {
    node = parse(query);
  } catch (e) {
    if (!(e instanceof PeggySyntaxError)) throw e;
    throw new QuerySyntaxError(reasonOf(e, query), query, columnOf(query, e.location.start.offset));
  }
  checkLeaves(node, query);
  if (searchTerms(node).length === 0) {
    throw new QuerySyntaxError('the query needs a word or phrase that is not under NOT (filters and NOT alone would match every mention)', query, 1);
  }
  return node;
}

function checkLeaves(node: QueryNode, query: string): void {
  switch (node.type) {
    case 'term':
      if (termShape(node.text).words.length === 0) throw new QuerySyntaxError(`"${node.text}" has no letter, digit or emoji to match`, query, columnOf(query, node.at));
      return;
    case 'prefix': {
      const { words, lead, trail } = termShape(node.text);
      if (words.length !== 1 || lead || trail) throw new QuerySyntaxError(`a wildcard ends a single word: "${node.text}*"`, query, columnOf(query, node.at));
      if ([...words[0]].length < 2) throw new QuerySyntaxError(`"${node.text}*" is too short: a wildcard needs at least 2 letters before "*"`, query, columnOf(query, node.at));
      return;
    }
    case 'or':
    case 'and':
      node.items.forEach((n) => checkLeaves(n, query));
      return;
    case 'not':
      checkLeaves(node.item, query);
      return;
    case 'near':
      checkLeaves(node.left, query);
      checkLeaves(node.right, query);
      return;
    default:
      return;
  }
}
