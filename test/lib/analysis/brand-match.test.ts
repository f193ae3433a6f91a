import { describe, expect, it } from 'vitest';
import { compileBrandMatchers, matchBrands } from '../../../lib/analysis/brand-match.js';
import type { BrandConfig } from '../../../lib/config/schema.js';

const brand: BrandConfig = {
  id: 'acme',
  name: 'Acme',
  queries: ['Acme', 'Acme Cloud', 'אקמה', 'أكمي'],
  exclude: ['acme anvil'],
  competitors: [{ id: 'globex', name: 'Globex', queries: ['Globex'] }],
};
const m = compileBrandMatchers([brand]);
const brands = (text: string) => matchBrands(m, { text }).map((x) => x.brand);

describe('brand matching', () => {
  it('matches whole words, case-insensitively, with hashtags and handles', () => {
    expect(brands('I really like ACME')).toEqual(['acme']);
    expect(brands('#acme is down again')).toEqual(['acme']);
    expect(brands('ping @Acme please')).toEqual(['acme']);
    expect(brands('acmecorp is unrelated')).toEqual([]);
    expect(brands('the acme-cloud team')).toEqual(['acme']);
  });

  it('matches Hebrew behind prefixes and Arabic behind proclitics and the article', () => {
    expect(brands('ולאקמה יש תקלה')).toEqual(['acme']);
    expect(brands('השירות של אקמה גרוע')).toEqual(['acme']);
    expect(brands('خدمة أكمي سيئة')).toEqual(['acme']);
    expect(brands('وأكمي لا ترد')).toEqual(['acme']);
    expect(brands('وبالأكمي')).toEqual([]); // two proclitics + article: beyond what we fold
  });

  it('ignores diacritics, tatweel, bidi and zero-width marks inside the name', () => {
    expect(brands('خدمة أكـــمي سيئة')).toEqual(['acme']);
    expect(brands('\u202Bאקמה\u202C')).toEqual(['acme']);
    expect(brands('Ac\u200Bme rocks')).toEqual(['acme']);
  });

  it('applies excludes and reports competitors under their own id', () => {
    expect(brands('Acme anvil sale')).toEqual([]);
    expect(matchBrands(m, { text: 'Globex beats Acme Cloud' })).toEqual([
      { brand: 'acme', competitorOf: '', query: 'Acme' },
      { brand: 'globex', competitorOf: 'acme', query: 'Globex' },
    ]);
  });
});
