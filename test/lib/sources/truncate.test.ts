import { describe, expect, it } from 'vitest';
import { truncateText } from '../../../lib/sources/truncate.js';

/** Whether `s` is well-formed UTF-16 (no lone surrogate). */
const wellFormed = (s: string) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

describe('truncateText', () => {
  it('never splits an emoji at the cut, where slice would', () => {
    const text = `${'a'.repeat(199)}😀 and more`;
    expect(wellFormed(text.slice(0, 200))).toBe(false); // the bug this replaces
    const cut = truncateText(text, 200);
    expect(cut).toBe('a'.repeat(199));
    expect(wellFormed(cut)).toBe(true);
    expect(truncateText(text, 201)).toBe(`${'a'.repeat(199)}😀`);
  });

  it('keeps graphemes whole: flags, skin tones, ZWJ families, combining accents', () => {
    expect(truncateText('ok 🇮🇱 done', 5)).toBe('ok ');
    expect(truncateText('hi 👍🏽!', 6)).toBe('hi ');
    expect(truncateText('we 👨‍👩‍👧 go', 10)).toBe('we ');
    expect(truncateText('cafe\u0301 au lait', 4)).toBe('caf');
    expect(truncateText('שלום עולם', 4)).toBe('שלום');
  });

  it('cuts at a code point when even the first grapheme is longer than the budget', () => {
    const family = '👨‍👩‍👧';
    expect(truncateText(family, 2)).toBe('👨');
    expect(truncateText(family, 4)).toBe('👨\u200d'); // well-formed, if not pretty
    expect(truncateText(family, 1)).toBe('');
  });

  it('returns short text unchanged', () => {
    expect(truncateText('short', 200)).toBe('short');
    expect(truncateText('', 5)).toBe('');
  });
});
