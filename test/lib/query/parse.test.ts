// The query grammar: each construct, precedence, and errors that name the column and point at it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { QueryNode } from '../../../lib/query/ast.js';
import { parseQuery, QuerySyntaxError } from '../../../lib/query/parse.js';

/** The tree as a short string: terms bare, phrases quoted, operators as S-expressions. */
function show(n: QueryNode): string {
  switch (n.type) {
    case 'term':
      return n.quoted ? JSON.stringify(n.text) : n.text;
    case 'prefix':
      return `${n.text}*`;
    case 'field':
      return `${n.field}:${n.value}`;
    case 'rating':
      return `rating:${n.min}..${n.max}`;
    case 'or':
    case 'and':
      return `(${n.type.toUpperCase()} ${n.items.map(show).join(' ')})`;
    case 'not':
      return `(NOT ${show(n.item)})`;
    case 'near':
      return `(NEAR/${n.distance} ${show(n.left)} ${show(n.right)})`;
  }
}
const tree = (q: string) => show(parseQuery(q));

function syntaxError(q: string): QuerySyntaxError {
  try {
    parseQuery(q);
  } catch (e) {
    expect(e).toBeInstanceOf(QuerySyntaxError);
    return e as QuerySyntaxError;
  }
  throw new Error(`expected ${JSON.stringify(q)} to be refused`);
}

describe('query grammar: constructs', () => {
  it('reads words, quoted phrases and wildcards', () => {
    expect(tree('acme')).toBe('acme');
    expect(tree('"acme cloud"')).toBe('"acme cloud"');
    expect(tree('  "  acme cloud "  ')).toBe('"acme cloud"');
    expect(tree('delay*')).toBe('delay*');
    expect(tree('אקמה')).toBe('אקמה');
    expect(tree('✈️')).toBe('✈️');
  });

  it('reads AND, OR, NOT and parentheses', () => {
    expect(tree('acme AND delay')).toBe('(AND acme delay)');
    expect(tree('acme OR globex OR initech')).toBe('(OR acme globex initech)');
    expect(tree('acme NOT refund')).toBe('(AND acme (NOT refund))');
    expect(tree('acme AND NOT NOT refund')).toBe('(AND acme (NOT (NOT refund)))');
    expect(tree('(acme OR globex) AND delay')).toBe('(AND (OR acme globex) delay)');
    expect(tree('((acme))')).toBe('acme');
  });

  it('takes juxtaposition as AND, and only upper-case words as operators', () => {
    expect(tree('acme delay')).toBe('(AND acme delay)');
    expect(tree('acme or globex')).toBe('(AND acme or globex)');
    expect(tree('ORACLE NOTE ANDROID')).toBe('(AND ORACLE NOTE ANDROID)');
    expect(tree('"OR"')).toBe('"OR"');
    expect(tree('acme(delay)')).toBe('(AND acme delay)');
  });

  it('reads NEAR/n over words, phrases, wildcards and OR groups', () => {
    expect(tree('acme NEAR/3 delay')).toBe('(NEAR/3 acme delay)');
    expect(tree('"acme cloud" NEAR/1 (delay* OR late)')).toBe('(NEAR/1 "acme cloud" (OR delay* late))');
    expect(tree('a NEAR/2 b NEAR/5 c')).toBe('(NEAR/5 (NEAR/2 a b) c)');
  });

  it('reads the field filters', () => {
    expect(tree('acme lang:AR')).toBe('(AND acme lang:ar)');
    expect(tree('acme platform:x')).toBe('(AND acme platform:x)');
    expect(tree('acme author:@NimbusAir')).toBe('(AND acme author:nimbusair)');
    expect(tree('acme author:nimbusair')).toBe('(AND acme author:nimbusair)');
    expect(tree('acme rating:1')).toBe('(AND acme rating:1..1)');
    expect(tree('acme rating:<=2')).toBe('(AND acme rating:1..2)');
    expect(tree('acme rating:<3')).toBe('(AND acme rating:1..2)');
    expect(tree('acme rating:>=4')).toBe('(AND acme rating:4..5)');
    expect(tree('acme rating:>4')).toBe('(AND acme rating:5..5)');
    expect(tree('acme rating:1..2')).toBe('(AND acme rating:1..2)');
    expect(tree('acme NOT platform:reddit')).toBe('(AND acme (NOT platform:reddit))');
  });
});

describe('query grammar: precedence', () => {
  it('binds NOT tightest, then NEAR, then AND (written or implied), then OR', () => {
    expect(tree('a OR b AND c')).toBe('(OR a (AND b c))');
    expect(tree('a AND b OR c')).toBe('(OR (AND a b) c)');
    expect(tree('a b OR c d')).toBe('(OR (AND a b) (AND c d))');
    expect(tree('NOT a AND b')).toBe('(AND (NOT a) b)');
    expect(tree('x NOT a OR b')).toBe('(OR (AND x (NOT a)) b)');
    expect(tree('a AND b NEAR/2 c')).toBe('(AND a (NEAR/2 b c))');
    expect(tree('a OR b NEAR/2 c')).toBe('(OR a (NEAR/2 b c))');
    expect(tree('a AND (b OR c)')).toBe('(AND a (OR b c))');
  });
});

describe('query grammar: errors name the column', () => {
  it('an unclosed parenthesis: expected ")" where the query ends, with a caret under it', () => {
    const e = syntaxError('(delay OR late');
    expect(e.column).toBe(15);
    expect(e.message).toBe('expected ")" at column 15: (delay OR late\n' + ' '.repeat('expected ")" at column 15: '.length + 14) + '^');
    // Shifted by what a caller prints before the message.
    expect(e.describe(4).split('\n')[1]).toBe(' '.repeat(4 + 'expected ")" at column 15: '.length + 14) + '^');
  });

  it('an operator with nothing after it, or two in a row', () => {
    expect(syntaxError('(delay OR late AND').message).toMatch(/^expected a word, a "quoted phrase", a field filter, "\(" or NOT at column 19: /);
    expect(syntaxError('acme OR').column).toBe(8);
    const twice = syntaxError('acme AND AND late');
    expect(twice.reason).toBe('expected a word, a "quoted phrase", a field filter, "(" or NOT but found "AND"');
    expect(twice.column).toBe(10);
  });

  it('a stray ")" and an unclosed quote', () => {
    expect([syntaxError('acme) OR late').reason, syntaxError('acme) OR late').column]).toEqual(['unexpected ")" with no "(" to close', 5]);
    expect([syntaxError('acme "late flight').reason, syntaxError('acme "late flight').column]).toEqual(['a quoted phrase needs its closing "', 6]);
  });

  it('NEAR over AND, NOT or a filter, and a NEAR distance out of range', () => {
    const e = syntaxError('late NEAR/3 (acme AND x)');
    expect(e.reason).toBe('NEAR/3 joins words, phrases, wildcards or OR groups of them, not AND, NOT or field filters');
    expect(e.column).toBe(13);
    expect(syntaxError('acme NEAR/2 lang:en').column).toBe(13);
    expect(syntaxError('acme NEAR/0 late').reason).toBe('NEAR/0: the distance must be 1 to 50 words');
    expect(syntaxError('acme NEAR/x late').column).toBe(11);
  });

  it('unknown fields, missing values and bad ratings', () => {
    const e = syntaxError('acme langauge:ar');
    expect(e.reason).toMatch(/^unknown field "langauge:" \(known: lang:, platform:, author:, rating:\)/);
    expect(e.column).toBe(6);
    expect(syntaxError('acme lang:').reason).toBe('lang: needs a language code, e.g. lang:ar');
    expect(syntaxError('acme rating:6').reason).toBe('rating 6: stars are 1 to 5');
    expect(syntaxError('acme rating:3..1').reason).toBe('rating:3..1: the range runs backwards');
    expect(syntaxError('acme rating:<1').reason).toBe('rating:<1 matches no rating');
    expect(syntaxError('acme rating:good').reason).toMatch(/^rating: needs stars/);
  });

  it('terms with nothing to match, short wildcards, and queries that name nothing', () => {
    expect([syntaxError('acme "!!!"').reason, syntaxError('acme "!!!"').column]).toEqual(['"!!!" has no letter, digit or emoji to match', 6]);
    expect(syntaxError('acme d*').reason).toBe('"d*" is too short: a wildcard needs at least 2 letters before "*"');
    expect(syntaxError('acme-cl*').reason).toBe('a wildcard ends a single word: "acme-cl*"');
    expect(syntaxError('NOT acme').reason).toMatch(/^the query needs a word or phrase that is not under NOT/);
    expect(syntaxError('lang:ar rating:1').reason).toMatch(/^the query needs a word or phrase/);
    expect(syntaxError('').column).toBe(1);
  });

  it('counts columns in characters in Hebrew and Arabic queries', () => {
    expect(syntaxError('(אקמה OR עיכוב').column).toBe(15);
    expect(syntaxError('أكمي AND').column).toBe(9);
  });
});

describe('docs/queries.md', () => {
  it('every example query parses', () => {
    const doc = readFileSync(new URL('../../../docs/queries.md', import.meta.url), 'utf8');
    const block = doc.match(/## Examples\n\n```text\n([\s\S]*?)```/)?.[1] ?? '';
    const queries = block.split('\n').filter((l) => l.trim() && !l.startsWith('#'));
    expect(queries.length).toBeGreaterThanOrEqual(4);
    for (const q of queries) expect(() => parseQuery(q), q).not.toThrow();
  });
});
