// The committed parser is what its grammar generates: a grammar edit without `npm run build:query`
// fails here (CI has no build step).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateQueryParser, PARSER_FILE } from '../../../scripts/query-grammar.js';

describe('lib/query/query-parser.js', () => {
  it('equals a fresh generation from query.peggy', () => {
    expect(readFileSync(PARSER_FILE, 'utf8') === generateQueryParser()).toBe(true);
  });
});
