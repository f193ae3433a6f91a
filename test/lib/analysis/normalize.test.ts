import { describe, expect, it } from 'vitest';
import { ar } from '../../../lib/analysis/languages/ar.js';
import { he } from '../../../lib/analysis/languages/he.js';
import { cleanText, collapseElongation, MAX_ANALYSED_CHARS, normalizeForModel } from '../../../lib/analysis/normalize.js';

const normalizeArabic = ar.spelling!.normalize;
const normalizeHebrew = he.spelling!.normalize;

const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('cleanText', () => {
  it('replaces lone surrogates and keeps valid pairs', () => {
    const out = cleanText('a\uD800b\uDC00c 😀');
    expect(out).toBe('a\uFFFDb\uFFFDc 😀');
    expect(LONE.test(out)).toBe(false);
  });

  it('strips markup and decodes entities, including double-encoded ones', () => {
    expect(cleanText('<p>Great <b>service</b></p>&amp;&#39;fast&#x21; &amp;lt;3')).toBe(" Great  service  &'fast! <3");
    expect(cleanText('&#xD800;x')).toBe(' x');
    expect(cleanText('&unknown; stays')).toBe('&unknown; stays');
  });

  it('removes bidi and zero-width marks', () => {
    expect(cleanText('\u200Fשלום\u200E \u202Bعربي\u202C zero\u200Bwidth\uFEFF')).toBe('שלום عربي zerowidth');
  });

  it('folds Arabic presentation forms to base letters', () => {
    expect(cleanText('\uFEDF\uFEE0')).toBe('\u0644\u0644');
  });

  it('caps very long text without splitting a surrogate pair', () => {
    const s = 'a'.repeat(MAX_ANALYSED_CHARS - 1) + '😀'.repeat(10);
    const out = cleanText(s);
    expect(out.length).toBeLessThanOrEqual(MAX_ANALYSED_CHARS);
    expect(LONE.test(out)).toBe(false);
    expect(cleanText('x'.repeat(50_000)).length).toBe(MAX_ANALYSED_CHARS);
  });

  it('returns an empty string for non-strings', () => {
    expect(cleanText(undefined)).toBe('');
    expect(cleanText(42)).toBe('');
  });
});

describe('Arabic normalisation', () => {
  it('folds alef, yeh, teh marbuta and hamza variants', () => {
    expect(normalizeArabic('أحمد إلى آخر مدرسة مسؤول شئ')).toBe('احمد الي اخر مدرسه مسوول شي');
  });
  it('removes diacritics and tatweel', () => {
    expect(normalizeArabic('جَمِيلٌ جـــميل')).toBe('جميل جميل');
  });
  it('maps Eastern Arabic digits', () => {
    expect(normalizeArabic('٣٤ ۵')).toBe('34 5');
  });
});

describe('Hebrew normalisation', () => {
  it('removes niqqud and turns geresh into quotes', () => {
    expect(normalizeHebrew('שָׁלוֹם צה״ל')).toBe('שלום צה"ל');
  });
});

describe('normalizeForModel', () => {
  it('collapses elongation', () => {
    expect(collapseElongation('sooooo goooood جمييييل')).toBe('soo good جمييل');
  });
  it('masks URLs, mentions, e-mails, numbers and turns emoticons into tokens', () => {
    const n = normalizeForModel('@Acme_Help see https://t.co/xyz mail a.b@c.com now :) but :( 2024 #Great_Day');
    expect(n).toContain('xuser');
    expect(n).toContain('xurl');
    expect(n).toContain('xemail');
    expect(n).toContain('xemopos');
    expect(n).toContain('xemoneg');
    expect(n).not.toMatch(/acme|t\.co|2024|#/);
    expect(n).toContain('great day');
  });
  it('applies the Arabic folding to Arabic text', () => {
    expect(normalizeForModel('رائعةةة جداً')).toBe('رايعهه جدا');
  });
});
