// What a crisis stream is made of, drawn from a seed before any post is: the brand's size and
// rhythm (hour of day per language, weekend days per language, slow trend, hourly and daily
// overdispersion), its languages and platforms, and its labelled events: waves of negative
// chatter (what an alert is for) and decoys (what it must not alert on). Pure and seeded.
import type { SentimentClass } from '../../lib/analysis/types.js';
import type { Lang } from './corpus.js';
import { Rng } from './random.js';

export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

export const WAVE_KINDS = ['sudden', 'slow', 'spread'] as const;
export type WaveKind = (typeof WAVE_KINDS)[number];
export const DECOY_KINDS = ['launch', 'news', 'outage', 'angry'] as const;
export type DecoyKind = (typeof DECOY_KINDS)[number];
export type EventKind = WaveKind | DecoyKind;

export const BRAND_SIZES = {
  small: { perHour: [20, 80] },
  medium: { perHour: [150, 400] },
  large: { perHour: [800, 2000] },
} as const;
export type BrandSize = keyof typeof BRAND_SIZES;
/** Sizes of streams 0, 1, 2, ... (cycled): mostly small brands, where alerting is hardest. */
export const SIZE_CYCLE: readonly BrandSize[] = ['small', 'medium', 'small', 'large', 'small'];

export interface Platform {
  name: string;
  /** A review site: posts carry a 1-5 star rating. */
  reviews: boolean;
  weight: number;
}

const SOCIAL = ['x', 'reddit', 'bluesky', 'mastodon', 'youtube', 'facebook', 'hackernews'];
const REVIEWS = ['trustpilot', 'appstore', 'googleplay'];

export interface LangShare {
  lang: Lang;
  share: number;
  /** Hour of the daily peak, UTC. */
  peakHour: number;
  /** Days of the weekend, UTC (0 = Sunday). */
  weekend: readonly number[];
}

/** Where each language's day peaks and which days are its weekend. */
const LANG_RHYTHM: Record<Lang, { peakHour: number; weekend: readonly number[] }> = {
  en: { peakHour: 17, weekend: [6, 0] },
  ar: { peakHour: 19, weekend: [5, 6] },
  he: { peakHour: 17, weekend: [5, 6] },
};
/** Language mixes of streams 0, 1, 2, ... (cycled). */
const LANG_MIXES: readonly Partial<Record<Lang, number>>[] = [
  { en: 0.8, ar: 0.1, he: 0.1 },
  { ar: 0.7, en: 0.3 },
  { he: 0.7, en: 0.2, ar: 0.1 },
  { en: 0.5, ar: 0.3, he: 0.2 },
  { en: 1 },
];

export type ClassMix = Record<SentimentClass, number>;

export interface EventSpec {
  kind: EventKind;
  wave: boolean;
  /** Bucket-aligned epoch ms; the event covers [onset, end). */
  onset: number;
  end: number;
  /** Expected extra posts over the event (0 for an outage). */
  extra: number;
  /** True classes of the extra posts. */
  mix: ClassMix;
  /** Platform indices carrying it, in the order they join (a spreading wave adds them over time). */
  platforms: number[];
  /** Share of the extra posts in the stream's main language (the rest follow the stream's mix). */
  mainLangShare: number;
}

export interface StreamSpec {
  id: string;
  seed: number;
  /** Epoch ms of the first bucket (00:00 UTC). */
  start: number;
  days: number;
  bucketMs: number;
  /** Days at the start without events (the detector warms up; nothing is scored there). */
  warmupDays: number;
  size: BrandSize;
  /** Mean mentions per hour at the start (before the trend). */
  perHour: number;
  langs: LangShare[];
  /** Amplitude of the hour-of-day cosine, and the weekend level. */
  dayAmp: number;
  weekendFactor: number;
  /** Relative growth over the whole stream. */
  growth: number;
  /** Log-sd of the hourly and daily volume multipliers (overdispersion; mean 1). */
  hourSigma: number;
  daySigma: number;
  classMix: ClassMix;
  platforms: Platform[];
  /** Accounts that post about the brand often, and their share of everyday posts. */
  regulars: number;
  regularShare: number;
  events: EventSpec[];
}

export interface SpecOptions {
  seed: number;
  index: number;
  days: number;
  bucketMs: number;
  warmupDays: number;
  /** Waves in the stream (0 for a wave-free control stream). */
  waves: number;
  decoys: readonly DecoyKind[];
  size?: BrandSize;
}

const DURATION_H: Record<EventKind, [number, number]> = {
  sudden: [1, 2],
  slow: [4, 9],
  spread: [2, 6],
  launch: [8, 14],
  news: [10, 16],
  outage: [1, 6],
  angry: [1, 3],
};
/** Calm time kept between an event's end and the next slot. */
const EVENT_GAP = 8 * HOUR;

/** Expected everyday posts of each language in the bucket starting at `t` (no overdispersion). */
export function baselineRates(spec: StreamSpec, t: number): number[] {
  const hours = spec.bucketMs / HOUR;
  const i = (t - spec.start) / spec.bucketMs;
  const n = (spec.days * DAY) / spec.bucketMs;
  const trend = 1 + (spec.growth * i) / n;
  const h = (((t % DAY) + DAY) % DAY) / HOUR + hours / 2; // the bucket's middle
  const dow = new Date(t).getUTCDay();
  return spec.langs.map((l) => {
    const diurnal = 1 + spec.dayAmp * Math.cos(((h - l.peakHour) / 24) * 2 * Math.PI);
    // Normalised so that a week averages 1: the mean brand volume is `perHour`.
    const weekMean = (7 - l.weekend.length + l.weekend.length * spec.weekendFactor) / 7;
    const week = (l.weekend.includes(dow) ? spec.weekendFactor : 1) / weekMean;
    return spec.perHour * hours * l.share * diurnal * week * trend;
  });
}

/** Expected everyday posts (all languages) of a bucket, and its expected true negatives. */
export function baselineTotal(spec: StreamSpec, t: number): number {
  return baselineRates(spec, t).reduce((a, b) => a + b, 0);
}

/** Relative weight of each bucket of an event (sums to 1): how its extra posts spread in time. */
export function eventProfile(kind: EventKind, n: number): Float64Array {
  const w = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    w[k] =
      kind === 'sudden'
        ? Math.exp(-k / n) // a step that fades a little (the last bucket has 37% of the first)
        : kind === 'slow'
          ? Math.min(1, (k + 1) / (0.7 * n)) // a ramp to a plateau
          : kind === 'spread'
            ? 2 ** ((4 * k) / n) // doubling every quarter of it
            : kind === 'launch'
              ? Math.min(1, (k + 1) / 12) * Math.exp(-k / (n / 2))
              : kind === 'news'
                ? Math.sqrt(Math.sin((Math.PI * (k + 0.5)) / n))
                : 1;
  }
  const s = w.reduce((a, b) => a + b, 0);
  for (let k = 0; k < n; k++) w[k] /= s;
  return w;
}

/** Platforms carrying a spreading event in its k-th of n buckets (a prefix of its platform list). */
export function joinedPlatforms(e: EventSpec, k: number, n: number): number {
  if (e.kind !== 'spread') return e.platforms.length;
  return Math.min(e.platforms.length, 1 + Math.floor((1.5 * e.platforms.length * k) / n));
}

function pickPlatforms(rng: Rng): Platform[] {
  const social = rng.shuffle([...SOCIAL]).slice(0, rng.int(3, 6));
  const reviews = rng.shuffle([...REVIEWS]).slice(0, rng.int(0, 2));
  const out: Platform[] = social.map((name) => ({ name, reviews: false, weight: Math.exp(0.8 * rng.normal()) }));
  const socialWeight = out.reduce((a, p) => a + p.weight, 0);
  if (reviews.length) {
    // Review sites carry 5-25% of the posts between them.
    const share = rng.range(0.05, 0.25);
    for (const name of reviews) out.push({ name, reviews: true, weight: (socialWeight * share) / (1 - share) / reviews.length });
  }
  return out;
}

/** A stream's description: everything but the posts themselves. */
export function makeSpec(o: SpecOptions): StreamSpec {
  const rng = new Rng(o.seed);
  const size = o.size ?? SIZE_CYCLE[o.index % SIZE_CYCLE.length];
  const mix = LANG_MIXES[o.index % LANG_MIXES.length];
  const langs: LangShare[] = (Object.entries(mix) as [Lang, number][]).map(([lang, share]) => ({
    lang,
    share,
    peakHour: LANG_RHYTHM[lang].peakHour + rng.range(-2, 2),
    weekend: LANG_RHYTHM[lang].weekend,
  }));
  const neg = rng.range(0.08, 0.2);
  const pos = rng.range(0.25, 0.45);
  const range = BRAND_SIZES[size].perHour;
  const platforms = pickPlatforms(rng);
  const spec: StreamSpec = {
    id: `${size}-${o.index}`,
    seed: o.seed,
    start: Date.UTC(2025, 0, 6) + rng.int(0, 6) * DAY,
    days: o.days,
    bucketMs: o.bucketMs,
    warmupDays: o.warmupDays,
    size,
    perHour: rng.range(range[0], range[1]),
    langs,
    dayAmp: rng.range(0.3, 0.7),
    weekendFactor: rng.range(0.6, 1.05),
    growth: rng.range(-0.05, 0.3),
    hourSigma: rng.range(0.05, 0.2),
    daySigma: rng.range(0.05, 0.15),
    classMix: { negative: neg, neutral: 1 - neg - pos, positive: pos },
    platforms,
    regulars: Math.round(rng.range(20, 60)),
    regularShare: rng.range(0.05, 0.15),
    events: [],
  };

  // Events: every wave kind once, then the rotation; each decoy kind given; in shuffled slots.
  const kinds: EventKind[] = [];
  for (let k = 0; k < o.waves; k++) kinds.push(k < WAVE_KINDS.length ? WAVE_KINDS[k] : WAVE_KINDS[(o.index + k) % WAVE_KINDS.length]);
  kinds.push(...o.decoys);
  rng.shuffle(kinds);
  const slot = ((o.days - o.warmupDays - 0.25) * DAY) / Math.max(1, kinds.length);
  const longest = Math.max(...kinds.map((k) => DURATION_H[k][1])) * HOUR;
  if (kinds.length && slot < longest + EVENT_GAP) {
    throw new Error(`${kinds.length} events do not fit in ${o.days} days after ${o.warmupDays} warm-up days (each needs ${((longest + EVENT_GAP) / DAY).toFixed(2)} days)`);
  }
  const align = (t: number) => Math.round(t / o.bucketMs) * o.bucketMs;
  kinds.forEach((kind, k) => {
    const dur = align(rng.range(DURATION_H[kind][0], DURATION_H[kind][1]) * HOUR);
    const from = spec.start + o.warmupDays * DAY + k * slot;
    const onset = align(from + rng.range(0, slot - dur - EVENT_GAP));
    const end = onset + dur;
    let baseTotal = 0;
    for (let t = onset; t < end; t += o.bucketMs) baseTotal += baselineTotal(spec, t);
    const baseNeg = baseTotal * spec.classMix.negative;
    // Platforms in the order an event reaches them: the big ones first, give or take.
    const keys = platforms.map((p) => p.weight * rng.range(0.5, 1.5));
    const byWeight = () => platforms.map((_, i) => i).sort((a, b) => keys[b] - keys[a]);
    const social = platforms.map((p, i) => (p.reviews ? -1 : i)).filter((i) => i >= 0);
    const waveMix: ClassMix = { negative: 0.85, neutral: 0.15, positive: 0 };
    const e: EventSpec = { kind, wave: false, onset, end, extra: 0, mix: waveMix, platforms: byWeight(), mainLangShare: 0 };
    if (kind === 'sudden' || kind === 'slow' || kind === 'spread') {
      // Extra true negatives: a multiple of the usual ones over the wave, and never fewer than ~40.
      const [lo, hi, floor] = kind === 'sudden' ? [1.5, 3, rng.range(35, 50)] : kind === 'slow' ? [1.2, 2.5, 40] : [1.5, 3, 40];
      e.wave = true;
      e.extra = Math.max(floor, rng.range(lo, hi) * baseNeg) / waveMix.negative;
      e.mainLangShare = 0.7;
      if (kind === 'sudden') e.platforms = e.platforms.slice(0, rng.int(1, 2));
    } else if (kind === 'launch') {
      e.extra = 3 * baseTotal; // 4x the usual volume
      e.mix = { negative: 0, neutral: 0.2, positive: 0.8 };
    } else if (kind === 'news') {
      e.extra = 2 * baseTotal; // 3x the usual volume
      e.mix = { negative: 0, neutral: 1, positive: 0 };
    } else if (kind === 'angry') {
      e.extra = rng.range(25, 60); // one account, one platform
      e.mix = { negative: 1, neutral: 0, positive: 0 };
      e.platforms = [rng.pick(social)];
    } else {
      e.platforms = [];
    }
    spec.events.push(e);
  });
  spec.events.sort((a, b) => a.onset - b.onset);
  return spec;
}

/** The language that most of a stream's posts are in. */
export function mainLang(spec: StreamSpec): number {
  let best = 0;
  spec.langs.forEach((l, i) => {
    if (l.share > spec.langs[best].share) best = i;
  });
  return best;
}
