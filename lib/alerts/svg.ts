// What the charts (the incident chart, the digest's) share: text made safe inside SVG, a round
// axis maximum, and the raster step (resvg, no browser; system fonts, white background).
import { Resvg } from '@resvg/resvg-js';

const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => XML_ENTITIES[c]!);
}

export const pad2 = (n: number): string => String(n).padStart(2, '0');

/** The smallest of 1, 1.2, 1.5, 2 ... 10 times a power of ten that is at least `v` (1 for none). */
export function niceMax(v: number): number {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

/** PNG bytes of an SVG document, at `scale` times its size. */
export function svgToPng(svg: string, scale = 2): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
    background: '#ffffff',
  });
  return Buffer.from(resvg.render().asPng());
}
