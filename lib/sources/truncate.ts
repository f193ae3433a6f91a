// Cutting provider text to a length without breaking it: `slice(0, n)` counts UTF-16 units and
// can split a surrogate pair (half an emoji, invalid in JSON and ClickHouse) or a grapheme
// (a flag, a skin tone, a family emoji, a letter and its combining accent).
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * The longest prefix of `text` that is at most `max` UTF-16 units (the same budget as
 * `slice(0, max)`) and ends on a grapheme boundary; when even the first grapheme is longer,
 * the longest prefix that ends on a code-point boundary.
 */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = 0;
  for (const { index, segment } of graphemes.segment(text)) {
    if (index + segment.length > max) break;
    end = index + segment.length;
  }
  if (end > 0) return text.slice(0, end);
  let cut = 0;
  for (const cp of text) {
    if (cut + cp.length > max) break;
    cut += cp.length;
  }
  return text.slice(0, cut);
}
