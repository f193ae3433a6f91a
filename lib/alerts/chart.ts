// The alert chart: negative volume against its baseline around an incident, as a PNG rendered
// server-side (an SVG built here, rasterised by resvg; no browser). Text uses the system fonts;
// on a machine without fonts the labels are simply not drawn and the lines still are.
import { escapeXml, niceMax, pad2, svgToPng } from './svg.js';

export interface ChartPoint {
  t: number;
  value: number;
  baseline: number;
}

export interface IncidentChartInput {
  points: ChartPoint[];
  title: string;
  openedAt?: number;
  resolvedAt?: number;
  /** Output size in CSS pixels (the PNG is rendered at `scale`x, default 2 for sharp Slack previews). */
  width?: number;
  height?: number;
  scale?: number;
}

const COLORS = { value: '#d62728', baseline: '#7f7f7f', band: '#fde0dd', grid: '#e6e6e6', axis: '#444444', text: '#222222' };

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const STEPS = [MIN, 5 * MIN, 10 * MIN, 15 * MIN, 30 * MIN, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY, 30 * DAY];

function timeLabel(t: number, step: number, spanMs: number): string {
  const d = new Date(t);
  const hm = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
  const md = `${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
  if (step >= DAY) return md;
  return spanMs > DAY ? `${md} ${hm}` : hm;
}

/** The chart as an SVG document (exported for tests and for embedding elsewhere). */
export function incidentChartSvg(input: IncidentChartInput): string {
  const W = input.width ?? 720;
  const H = input.height ?? 320;
  const m = { left: 56, right: 16, top: 40, bottom: 44 };
  const pw = W - m.left - m.right;
  const ph = H - m.top - m.bottom;
  const pts = input.points.filter((p) => Number.isFinite(p.t)).sort((a, b) => a.t - b.t);
  const t0 = pts.length ? pts[0].t : 0;
  const t1 = pts.length > 1 ? pts[pts.length - 1].t : t0 + HOUR;
  const span = Math.max(1, t1 - t0);
  const finite = (v: number) => (Number.isFinite(v) ? v : 0);
  const yMax = niceMax(Math.max(1, ...pts.map((p) => Math.max(finite(p.value), finite(p.baseline)))) * 1.05);
  const x = (t: number) => m.left + ((t - t0) / span) * pw;
  const y = (v: number) => m.top + ph - (Math.max(0, finite(v)) / yMax) * ph;
  const f = (n: number) => n.toFixed(1);
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">`);
  parts.push(`<rect x="0" y="0" width="${W}" height="${H}" fill="#ffffff"/>`);
  const font = `font-family="DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif"`;

  // Incident window.
  if (input.openedAt !== undefined && Number.isFinite(input.openedAt)) {
    const a = Math.max(m.left, Math.min(m.left + pw, x(input.openedAt)));
    const b = Math.max(a, Math.min(m.left + pw, x(input.resolvedAt ?? t1)));
    parts.push(`<rect x="${f(a)}" y="${m.top}" width="${f(Math.max(1, b - a))}" height="${ph}" fill="${COLORS.band}"/>`);
    parts.push(`<line x1="${f(a)}" y1="${m.top}" x2="${f(a)}" y2="${m.top + ph}" stroke="${COLORS.value}" stroke-width="1" stroke-dasharray="3 3"/>`);
  }

  // Horizontal grid and y labels.
  for (let i = 0; i <= 4; i++) {
    const v = (yMax * i) / 4;
    const yy = y(v);
    parts.push(`<line x1="${m.left}" y1="${f(yy)}" x2="${m.left + pw}" y2="${f(yy)}" stroke="${COLORS.grid}" stroke-width="1"/>`);
    const label = Number.isInteger(v) ? String(v) : v.toFixed(1);
    parts.push(`<text x="${m.left - 6}" y="${f(yy + 4)}" text-anchor="end" font-size="11" fill="${COLORS.text}" ${font}>${label}</text>`);
  }
  // Time ticks.
  const step = STEPS.find((s) => span / s <= 7) ?? STEPS[STEPS.length - 1];
  for (let t = Math.ceil(t0 / step) * step; t <= t1; t += step) {
    const xx = x(t);
    parts.push(`<line x1="${f(xx)}" y1="${m.top + ph}" x2="${f(xx)}" y2="${m.top + ph + 5}" stroke="${COLORS.axis}" stroke-width="1"/>`);
    parts.push(`<text x="${f(xx)}" y="${m.top + ph + 18}" text-anchor="middle" font-size="11" fill="${COLORS.text}" ${font}>${timeLabel(t, step, span)}</text>`);
  }
  parts.push(`<text x="${m.left + pw}" y="${H - 6}" text-anchor="end" font-size="10" fill="${COLORS.baseline}" ${font}>UTC, ${new Date(t0).toISOString().slice(0, 10)}</text>`);
  // Axes.
  parts.push(`<line x1="${m.left}" y1="${m.top}" x2="${m.left}" y2="${m.top + ph}" stroke="${COLORS.axis}" stroke-width="1"/>`);
  parts.push(`<line x1="${m.left}" y1="${m.top + ph}" x2="${m.left + pw}" y2="${m.top + ph}" stroke="${COLORS.axis}" stroke-width="1"/>`);

  // Series.
  // Missing values (NaN) break the line: a gap is drawn as a gap, not as a drop to zero.
  const path = (key: 'value' | 'baseline') => {
    let pen = false;
    const d: string[] = [];
    for (const p of pts) {
      if (!Number.isFinite(p[key])) {
        pen = false;
        continue;
      }
      d.push(`${pen ? 'L' : 'M'}${f(x(p.t))},${f(y(p[key]))}`);
      pen = true;
    }
    return d.join(' ') || 'M0,0';
  };
  if (pts.length) {
    parts.push(`<path d="${path('baseline')}" fill="none" stroke="${COLORS.baseline}" stroke-width="2" stroke-dasharray="6 4"/>`);
    parts.push(`<path d="${path('value')}" fill="none" stroke="${COLORS.value}" stroke-width="2.5" stroke-linejoin="round"/>`);
  }

  // Title and legend.
  parts.push(`<text x="${m.left}" y="22" font-size="15" font-weight="bold" fill="${COLORS.text}" ${font}>${escapeXml(input.title)}</text>`);
  const lx = m.left + pw - 230;
  parts.push(`<line x1="${lx}" y1="28" x2="${lx + 22}" y2="28" stroke="${COLORS.value}" stroke-width="2.5"/>`);
  parts.push(`<text x="${lx + 27}" y="32" font-size="11" fill="${COLORS.text}" ${font}>negative mentions</text>`);
  parts.push(`<line x1="${lx + 140}" y1="28" x2="${lx + 162}" y2="28" stroke="${COLORS.baseline}" stroke-width="2" stroke-dasharray="6 4"/>`);
  parts.push(`<text x="${lx + 167}" y="32" font-size="11" fill="${COLORS.text}" ${font}>baseline</text>`);
  parts.push('</svg>');
  return parts.join('\n');
}

/** PNG bytes of the incident chart. */
export function renderIncidentChart(input: IncidentChartInput): Buffer {
  return svgToPng(incidentChartSvg(input), input.scale);
}
