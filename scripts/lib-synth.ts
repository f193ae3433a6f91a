// Seeded synthetic bucket series with a daily and weekly rhythm (detector tests and the calibration benchmark).
import type { BucketPoint } from '../lib/detection/types.js';
import { mulberry32 as rng } from './lib-random.js';

export { rng };

export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;
export const BUCKET = 5 * MIN;
/** A Monday, 00:00 UTC. */
export const START = Date.UTC(2025, 0, 6);

export function poisson(u: () => number, l: number): number {
  if (l <= 0) return 0;
  if (l > 50) {
    const n = Math.sqrt(-2 * Math.log(u() + 1e-12)) * Math.cos(2 * Math.PI * u());
    return Math.max(0, Math.round(l + Math.sqrt(l) * n));
  }
  const L = Math.exp(-l);
  let k = 0;
  let p = u();
  while (p > L) {
    k++;
    p *= u();
  }
  return k;
}

export interface SynthOptions {
  days: number;
  /** Mean negative mentions per bucket. */
  mean: number;
  seed?: number;
  /** Hour-of-day amplitude (0..1) and weekend factor. */
  dayAmp?: number;
  weekend?: number;
  /** Growth over the whole series (2 = triples). */
  growth?: number;
  /** Extra expected negatives per bucket index (bursts). */
  extra?: (i: number, base: number) => number;
  missing?: (i: number) => boolean;
}

/** Expected negative mentions of bucket i. */
export function baseRate(o: SynthOptions, i: number): number {
  const t = START + i * BUCKET;
  const h = (t % DAY) / HOUR;
  const dow = new Date(t).getUTCDay();
  const n = (o.days * DAY) / BUCKET;
  const diurnal = 1 + (o.dayAmp ?? 0.7) * Math.cos(((h - 15) / 24) * 2 * Math.PI);
  const wk = dow === 0 || dow === 6 ? (o.weekend ?? 0.6) : 1;
  return o.mean * diurnal * wk * (1 + ((o.growth ?? 0) * i) / n);
}

export function synth(o: SynthOptions): BucketPoint[] {
  const u = rng(o.seed ?? 1);
  const n = Math.round((o.days * DAY) / BUCKET);
  const out: BucketPoint[] = [];
  for (let i = 0; i < n; i++) {
    const t = START + i * BUCKET;
    if (o.missing?.(i)) {
      out.push({ t, total: 0, negative: 0, negativeAuthors: 0, negativeReach: 0, negativePlatforms: 0, lowRatings: 0, missing: true });
      continue;
    }
    const b = baseRate(o, i);
    const neg = poisson(u, b + (o.extra?.(i, b) ?? 0));
    const other = poisson(u, b * 4);
    out.push({
      t,
      total: neg + other,
      negative: neg,
      negativeAuthors: neg,
      negativeReach: neg * 120,
      negativePlatforms: Math.min(3, neg),
      lowRatings: 0,
    });
  }
  return out;
}

/** Index of the bucket at day d, hour h. */
export const at = (d: number, h: number) => Math.round((d * DAY + h * HOUR) / BUCKET);
