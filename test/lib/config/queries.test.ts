// Brand queries in monitor.yaml: the list form or a boolean query (exactly one), the query's
// syntax errors as config errors naming the file, the path and the column with a caret under it.
import { describe, expect, it } from 'vitest';
import { compileBrandMatchers, matchBrands } from '../../../lib/analysis/brand-match.js';
import { loadConfig } from '../../../lib/config/load.js';
import { ConfigError, parseConfig } from '../../../lib/config/load.js';
import { problems } from './problems.js';

const SOURCES = 'sources: [{ id: hn, type: hackernews }]\n';
const config = (brands: string) => `brands:\n${brands}${SOURCES}`;

describe('config: brand queries', () => {
  it('keeps the list form: its phrases are what providers search', () => {
    const cfg = parseConfig(config('  - { id: acme, name: Acme, queries: [Acme, "Acme Cloud"], exclude: [acme anvil] }\n'), 'monitor.yaml');
    expect(cfg.brands[0]).toMatchObject({ queries: ['Acme', 'Acme Cloud'], exclude: ['acme anvil'] });
    expect(cfg.brands[0].query).toBeUndefined();
  });

  it('takes a boolean query for a brand and a competitor; their search terms become `queries`', () => {
    const cfg = parseConfig(
      config(`  - id: nimbus
    name: Nimbus Air
    query: '("nimbus air" OR nimbusair OR נימבוס) AND (delay* OR late) NOT platform:reddit'
    exclude: [nimbus cloud]
    competitors:
      - { id: zephyr, name: Zephyr, query: 'zephyr NEAR/3 flight*' }
`),
      'monitor.yaml',
    );
    expect(cfg.brands[0]).toMatchObject({ queries: ['nimbus air', 'nimbusair', 'נימבוס'], exclude: ['nimbus cloud'] });
    expect(cfg.brands[0].competitors[0]).toMatchObject({ id: 'zephyr', query: 'zephyr NEAR/3 flight*', queries: ['zephyr'] });
  });

  it('reports a syntax error with its path and column, the caret under the column as printed', () => {
    const text = config(`  - { id: acme, name: Acme, queries: [acme] }\n  - { id: nimbus, name: Nimbus, query: "(delay OR late" }\n`);
    const head = 'brands[1].query: expected ")" at column 15: ';
    expect(problems(text)).toEqual([`${head}(delay OR late\n${' '.repeat(head.length + 14)}^`]);
    let message = '';
    try {
      parseConfig(text, 'monitor.yaml');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      message = (e as Error).message;
    }
    const [first, caret] = message.split('\n').slice(1);
    expect(first).toBe('  - brands[1].query: expected ")" at column 15: (delay OR late');
    // The caret stands under the query's 15th character (where ")" is missing).
    expect(caret.indexOf('^')).toBe(first.indexOf('(delay') + 14);
  });

  it("reports a competitor's query and every other problem of the file at once", () => {
    expect(
      problems(
        config(`  - id: acme
    name: Acme
    query: "acme AND rating:9"
    competitors: [{ id: globex, name: Globex, query: "globex NEAR/2 (a AND b)" }]
`),
      ),
    ).toEqual([
      expect.stringMatching(/^brands\[0\]\.competitors\[0\]\.query: NEAR\/2 joins words, phrases, wildcards or OR groups of them, not AND, NOT or field filters at column 15: /),
      `brands[0].query: rating 9: stars are 1 to 5 at column 17: acme AND rating:9\n${' '.repeat('brands[0].query: rating 9: stars are 1 to 5 at column 17: '.length + 16)}^`,
    ]);
  });

  it('wants exactly one of query and queries', () => {
    expect(problems(config('  - { id: acme, name: Acme, query: acme, queries: [acme] }\n'))).toEqual([
      'brands[0].query: give either query (boolean) or queries (a list of phrases), not both',
    ]);
    expect(problems(config('  - { id: acme, name: Acme }\n'))).toEqual(['brands[0].queries: give queries (a list of phrases) or query (a boolean query)']);
    expect(problems(config('  - { id: acme, name: Acme, competitors: [{ id: globex, name: Globex }] , queries: [acme] }\n'))).toEqual([
      'brands[0].competitors[0].queries: give queries (a list of phrases) or query (a boolean query)',
    ]);
    expect(problems(config('  - { id: acme, name: Acme, query: "" }\n'))).toEqual([expect.stringMatching(/^brands\[0\]\.query: /)]);
  });

  it("loads the example config's boolean competitor query and matches with it", () => {
    const cfg = loadConfig(new URL('../../../examples/monitor.example.yaml', import.meta.url).pathname);
    const globex = cfg.brands[0].competitors[0];
    expect(globex).toMatchObject({ id: 'globex', queries: ['globex'] });
    const m = compileBrandMatchers(cfg.brands);
    expect(matchBrands(m, { text: 'Globex raised prices' }).map((x) => x.brand)).toEqual(['globex']);
    expect(matchBrands(m, { text: 'the Globex studios film premiere' })).toEqual([]);
  });
});
