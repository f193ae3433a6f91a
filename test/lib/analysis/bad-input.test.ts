import { describe, expect, it } from 'vitest';
import { analyze } from '../../../lib/analysis/analyze.js';
import type { Analysis, AnalysisInput } from '../../../lib/analysis/types.js';

function check(a: Analysis): void {
  expect(typeof a.lang).toBe('string');
  expect(['negative', 'neutral', 'positive']).toContain(a.sentiment);
  expect(a.score).toBeGreaterThanOrEqual(-1);
  expect(a.score).toBeLessThanOrEqual(1);
  expect(a.confidence).toBeGreaterThanOrEqual(0);
  expect(a.confidence).toBeLessThanOrEqual(1);
  expect(Number.isFinite(a.score) && Number.isFinite(a.confidence)).toBe(true);
  expect(typeof a.needs_reply).toBe('boolean');
}

describe('analyze on bad input', () => {
  it('empty and whitespace text: und, neutral, no reply', () => {
    for (const text of ['', '   \n\t ']) {
      const a = analyze({ text });
      check(a);
      expect(a).toMatchObject({ lang: 'und', sentiment: 'neutral', score: 0, needs_reply: false });
    }
  });

  it('only a URL: und and neutral', () => {
    const a = analyze({ text: 'https://t.co/AbCdEf123?utm_source=x' });
    check(a);
    expect(a).toMatchObject({ lang: 'und', sentiment: 'neutral', needs_reply: false });
  });

  it('only emoji: und, with the emoji polarity', () => {
    const pos = analyze({ text: '😍😍🔥' });
    const neg = analyze({ text: '😡😡👎' });
    check(pos);
    check(neg);
    expect(pos).toMatchObject({ lang: 'und', sentiment: 'positive' });
    expect(neg).toMatchObject({ lang: 'und', sentiment: 'negative' });
  });

  it('50 KB of text: analysed on its first part', () => {
    const text = 'The service was terrible and nobody answered. '.repeat(1100);
    expect(text.length).toBeGreaterThan(50_000);
    const a = analyze({ text });
    check(a);
    expect(a.lang).toBe('en');
    expect(a.sentiment).toBe('negative');
    expect(a.needs_reply).toBe(true);
  });

  it('50 KB without a single space or letter does not throw', () => {
    check(analyze({ text: '\uD83D'.repeat(50_000) }));
    check(analyze({ text: '<'.repeat(50_000) }));
    check(analyze({ text: '&#'.repeat(25_000) }));
  });

  it('lone UTF-16 surrogates', () => {
    const a = analyze({ text: 'great \uD800 product \uDFFF love it' });
    check(a);
    expect(a.lang).toBe('en');
    expect(a.sentiment).toBe('positive');
    check(analyze({ text: '\uDC00\uD800' }));
  });

  it('HTML entities and markup are read as text', () => {
    const a = analyze({ text: '<div class="x"><p>I &hearts; it &amp; I <b>love</b> this phone, amazing!</p></div>' });
    check(a);
    expect(a.lang).toBe('en');
    expect(a.sentiment).toBe('positive');
    const script = analyze({ text: '<script>alert(1)</script>&lt;script&gt;' });
    check(script);
  });

  it('RTL marks and zero-width characters do not change the result', () => {
    const plain = analyze({ text: 'השירות גרוע ואף אחד לא עונה' });
    const marked = analyze({ text: '\u200Fהשירות\u200B גרוע\u200D ואף\u2067 אחד\u2069 לא\u200E עונה\uFEFF' });
    check(marked);
    expect(marked).toEqual(plain);
    const ar = analyze({ text: '\u200Fخدمة\u200C سيئة\u061C جدا' });
    expect(ar.lang).toBe('ar');
  });

  it('inputs that do not match the type do not throw', () => {
    const weird = [
      { text: undefined },
      { text: null },
      { text: 42 },
      { text: 'ok', rating: Number.NaN },
      { text: 'ok', rating: 99 },
      { text: 'ok', lang: 123 },
      { text: 'ok', title: {} },
      null,
      undefined,
    ] as unknown as AnalysisInput[];
    for (const w of weird) check(analyze(w));
  });
});
