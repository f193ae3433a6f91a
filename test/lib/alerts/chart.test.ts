import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { incidentChartSvg, renderIncidentChart } from '../../../lib/alerts/chart.js';

const T0 = Date.UTC(2025, 0, 6, 6);
const points = Array.from({ length: 72 }, (_, i) => ({
  t: T0 + i * 300_000,
  value: i === 10 ? NaN : 20 + (i > 30 && i < 55 ? (i - 30) * 6 : 0),
  baseline: 20,
}));
const input = { points, title: 'Acme <negative> — אקמה', openedAt: T0 + 34 * 300_000, resolvedAt: T0 + 60 * 300_000 };

function redPixels(rgba: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < rgba.length; i += 4) if (rgba[i] > 180 && rgba[i + 1] < 90 && rgba[i + 2] < 90) n++;
  return n;
}

describe('renderIncidentChart', () => {
  it('returns a PNG of the requested size', () => {
    const png = renderIncidentChart({ ...input, width: 600, height: 300, scale: 2 });
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
    expect(png.readUInt32BE(16)).toBe(1200);
    expect(png.readUInt32BE(20)).toBe(600);
  });

  it('escapes the title and draws the lines, the window and the labels', () => {
    const svg = incidentChartSvg(input);
    expect(svg).toContain('Acme &lt;negative&gt;');
    expect(svg.match(/<path /g)).toHaveLength(2);
    expect(svg).toContain('08:00'); // a time label
  });

  it('draws the lines even on a machine without fonts', () => {
    const svg = incidentChartSvg(input);
    const noFonts = new Resvg(svg, { font: { loadSystemFonts: false }, background: '#ffffff' }).render();
    expect(redPixels(noFonts.pixels)).toBeGreaterThan(200);
  });

  it('renders an empty series without throwing', () => {
    const png = renderIncidentChart({ points: [], title: 'nothing yet' });
    expect(png.readUInt32BE(16)).toBeGreaterThan(0);
  });
});
