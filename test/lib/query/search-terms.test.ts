// What providers are asked to search for: terms every match contains one of.
import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../../lib/query/parse.js';
import { searchTerms } from '../../../lib/query/search-terms.js';

const terms = (q: string) => searchTerms(parseQuery(q));

describe('searchTerms', () => {
  it('takes every side of an OR, the first side of an AND or NEAR that has terms, nothing under NOT or from filters', () => {
    expect(terms('nimbus OR "nimbus air" OR נימבוס')).toEqual(['nimbus', 'nimbus air', 'נימבוס']);
    expect(terms('(nimbus OR nimbusair) AND (delay OR late OR cancel*)')).toEqual(['nimbus', 'nimbusair']);
    expect(terms('late NEAR/3 (nimbus OR nimbusair)')).toEqual(['late']);
    expect(terms('lang:ar NOT refund nimbus')).toEqual(['nimbus']);
    expect(terms('nimbus NOT refund lang:ar rating:<=2')).toEqual(['nimbus']);
    expect(terms('(nimbus lang:ar) OR (nimbusair platform:x)')).toEqual(['nimbus', 'nimbusair']);
    expect(terms('cancel*')).toEqual(['cancel']);
  });
});
