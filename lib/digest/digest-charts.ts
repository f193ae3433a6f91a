// The digest's charts, as the incident chart is made (lib/alerts/chart.ts): an SVG built here,
// rasterised to PNG by resvg, no browser. Volume: mentions and negative mentions per bucket over
// the period. Languages: a bar per language, its negative part in red. Pure apart from resvg.
import { escapeXml, niceMax, pad2, svgToPng } from '../alerts/svg.js';
import { digestTitle, sharePercent, type DigestData } from './digest.js';
import { localParts, localTicks } from './local-time.js';

export interface DigestChart {
  /** Stable name: the email CID's and the file's stem. */
  name: 'volume' | 'languages';
  title: string;
  png: Buffer;
}

const COLORS = { mentions: '#7f7f7f', negative: '#d62728', grid: '#e6e6e6', axis: '#444444', text: '#222222', bar: '#c7c7c7' };
const FONT = `font-family="DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif"`;
const W = 720;
const H = 320;
const M = { left: 56, right: 16, top: 40, bottom: 44 };

const f = (n: number) => n.toFixed(1);

function frame(title: string, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">`,
    `<rect x="0" y="0" width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="${M.left}" y="22" font-size="15" font-weight="bold" fill="${COLORS.text}" ${FONT}>${escapeXml(title)}</text>`,
    ...body,
    '</svg>',
  ].join('\n');
}

/** Mentions and negative mentions per bucket, over the whole period (empty buckets drawn as zero: no mentions is a zero). */
export function volumeChartSvg(d: DigestData): string {
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const span = Math.max(1, d.to - d.from);
  const yMax = niceMax(Math.max(1, ...d.series.map((b) => b.mentions)) * 1.05);
  const x = (t: number) => M.left + ((t - d.from) / span) * pw;
  const y = (v: number) => M.top + ph - (Math.max(0, v) / yMax) * ph;
  const parts: string[] = [];
  for (let i = 0; i <= 4; i++) {
    const v = (yMax * i) / 4;
    parts.push(`<line x1="${M.left}" y1="${f(y(v))}" x2="${M.left + pw}" y2="${f(y(v))}" stroke="${COLORS.grid}" stroke-width="1"/>`);
    parts.push(`<text x="${M.left - 6}" y="${f(y(v) + 4)}" text-anchor="end" font-size="11" fill="${COLORS.text}" ${FONT}>${Number.isInteger(v) ? v : v.toFixed(1)}</text>`);
  }
  const tz = d.tz ?? 'UTC';
  for (const t of localTicks(d.from, d.to, tz, d.every === 'daily' ? 4 : 24)) {
    const lt = localParts(t, tz);
    const label = d.every === 'daily' ? `${pad2(lt.hour)}:00` : `${pad2(lt.month)}-${pad2(lt.day)}`;
    parts.push(`<line x1="${f(x(t))}" y1="${M.top + ph}" x2="${f(x(t))}" y2="${M.top + ph + 5}" stroke="${COLORS.axis}" stroke-width="1"/>`);
    parts.push(`<text x="${f(x(t))}" y="${M.top + ph + 18}" text-anchor="middle" font-size="11" fill="${COLORS.text}" ${FONT}>${label}</text>`);
  }
  parts.push(`<line x1="${M.left}" y1="${M.top}" x2="${M.left}" y2="${M.top + ph}" stroke="${COLORS.axis}" stroke-width="1"/>`);
  parts.push(`<line x1="${M.left}" y1="${M.top + ph}" x2="${M.left + pw}" y2="${M.top + ph}" stroke="${COLORS.axis}" stroke-width="1"/>`);
  const line = (key: 'mentions' | 'negative') => d.series.map((b, i) => `${i ? 'L' : 'M'}${f(x(b.t + d.bucketMs / 2))},${f(y(b[key]))}`).join(' ');
  if (d.series.length) {
    parts.push(`<path d="${line('mentions')}" fill="none" stroke="${COLORS.mentions}" stroke-width="2"/>`);
    parts.push(`<path d="${line('negative')}" fill="none" stroke="${COLORS.negative}" stroke-width="2.5" stroke-linejoin="round"/>`);
  }
  const lx = M.left + pw - 250;
  parts.push(`<line x1="${lx}" y1="28" x2="${lx + 22}" y2="28" stroke="${COLORS.mentions}" stroke-width="2"/>`);
  parts.push(`<text x="${lx + 27}" y="32" font-size="11" fill="${COLORS.text}" ${FONT}>mentions</text>`);
  parts.push(`<line x1="${lx + 100}" y1="28" x2="${lx + 122}" y2="28" stroke="${COLORS.negative}" stroke-width="2.5"/>`);
  parts.push(`<text x="${lx + 127}" y="32" font-size="11" fill="${COLORS.text}" ${FONT}>negative mentions</text>`);
  parts.push(`<text x="${M.left + pw}" y="${H - 6}" text-anchor="end" font-size="10" fill="${COLORS.mentions}" ${FONT}>${escapeXml(tz)}, per ${d.bucketMs / 3_600_000} h</text>`);
  return frame(`${digestTitle(d)}: mentions`, parts);
}

/** A horizontal bar per language (most mentions first, at most 8), the negative part in red, labelled with its share. */
export function languagesChartSvg(d: DigestData): string {
  const langs = d.languages.slice(0, 8);
  const pw = W - M.left - M.right - 120;
  const rowH = Math.min(30, (H - M.top - 16) / Math.max(1, langs.length));
  const xMax = niceMax(Math.max(1, ...langs.map((l) => l.mentions)));
  const parts: string[] = [];
  langs.forEach((l, i) => {
    const y0 = M.top + i * rowH;
    const wAll = (l.mentions / xMax) * pw;
    const wNeg = (l.negative / xMax) * pw;
    parts.push(`<text x="${M.left - 6}" y="${f(y0 + rowH * 0.65)}" text-anchor="end" font-size="12" fill="${COLORS.text}" ${FONT}>${escapeXml(l.lang)}</text>`);
    parts.push(`<rect x="${M.left}" y="${f(y0 + 3)}" width="${f(Math.max(1, wAll))}" height="${f(rowH - 6)}" fill="${COLORS.bar}"/>`);
    parts.push(`<rect x="${M.left}" y="${f(y0 + 3)}" width="${f(wNeg)}" height="${f(rowH - 6)}" fill="${COLORS.negative}"/>`);
    parts.push(`<text x="${f(M.left + wAll + 6)}" y="${f(y0 + rowH * 0.65)}" font-size="11" fill="${COLORS.text}" ${FONT}>${l.mentions} (${sharePercent(l.negative, l.mentions)}% negative)</text>`);
  });
  return frame(`${d.brandName}: mentions by language`, parts);
}

/** The digest's charts as PNG: the volume chart always, the languages chart when there are mentions. */
export function renderDigestCharts(d: DigestData): DigestChart[] {
  const charts: DigestChart[] = [{ name: 'volume', title: `${d.brandName}: mentions and negative mentions`, png: svgToPng(volumeChartSvg(d)) }];
  if (d.languages.length) charts.push({ name: 'languages', title: `${d.brandName}: mentions by language`, png: svgToPng(languagesChartSvg(d)) });
  return charts;
}
