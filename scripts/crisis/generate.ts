// Posts of a crisis stream from its description: every post drawn with a TRUE class, a real
// text of that class, a platform, an author, a reach and (on review sites) a star rating; the
// classifier reads the text and rating; posts are counted into 5-minute buckets exactly as the
// live rollup counts them (lib/store/series-repo.ts loadBrandBuckets), with the buckets of a
// source outage flagged missing and the outage's posts arriving in the first bucket back.
// Beside the series: the texts of each bucket (for phrases) and the truth the oracle sees.
import { TrailingAuthors } from '../../lib/detection/trailing-authors.js';
import { isLowRating, isNegative } from '../../lib/analysis/negative.js';
import { CLASSES } from '../../lib/analysis/model-format.js';
import type { SentimentClass } from '../../lib/analysis/types.js';
import type { BucketPoint } from '../../lib/detection/types.js';
import type { Classifier, Corpus } from './corpus.js';
import { Rng } from './random.js';
import { baselineRates, eventProfile, joinedPlatforms, mainLang, DAY, HOUR, type EventSpec, type StreamSpec } from './scenario.js';

/** An author's true-negative posts count once per this long for the oracle (one angry account is one voice). */
export const ORACLE_AUTHOR_WINDOW = 6 * HOUR;

/** One row per post, in creation order. `origin` is -1 for everyday posts, else the event index. */
export interface MentionTable {
  length: number;
  created: Int32Array;
  arrival: Int32Array;
  text: Int32Array;
  truth: Uint8Array;
  predicted: Uint8Array;
  /** Counted negative by the rollup: classifier negative or a 1-2 star rating. */
  negative: Uint8Array;
  platform: Uint8Array;
  author: Int32Array;
  /** 0 = no rating. */
  rating: Uint8Array;
  reach: Int32Array;
  origin: Int16Array;
}

export interface EventTruth extends EventSpec {
  index: number;
  /** Wave: end of the first bucket where its expected extra true negatives since onset reach
   *  the expected everyday true negatives over the same buckets (negative volume doubled); null
   *  if that never happens. */
  doublingAt: number | null;
  /** Outage: start of the bucket carrying its backlog. */
  backlogAt?: number;
}

export interface CrisisStream {
  spec: StreamSpec;
  bucketMs: number;
  /** The detector's input, one point per bucket, by arrival. */
  points: BucketPoint[];
  mentions: MentionTable;
  /** Posts arriving in bucket i: mentions.order[bucketStart[i] .. bucketStart[i + 1]). */
  bucketStart: Int32Array;
  order: Int32Array;
  /** The oracle's view, by creation bucket: true negatives (an author once per 6 h), and the
   *  exact rate the everyday true negatives were drawn from (hour and day multipliers included). */
  oracleCounts: Float64Array;
  oracleExpected: Float64Array;
  events: EventTruth[];
}

/** The texts of the posts arriving in bucket i (for phrase mining). */
export function bucketTexts(s: CrisisStream, corpus: Corpus, i: number): string[] {
  const out: string[] = [];
  for (let k = s.bucketStart[i]; k < s.bucketStart[i + 1]; k++) out.push(corpus.texts[s.mentions.text[s.order[k]]].text);
  return out;
}

class Columns {
  length = 0;
  private cap = 1024;
  created = new Int32Array(this.cap);
  arrival = new Int32Array(this.cap);
  text = new Int32Array(this.cap);
  truth = new Uint8Array(this.cap);
  predicted = new Uint8Array(this.cap);
  negative = new Uint8Array(this.cap);
  platform = new Uint8Array(this.cap);
  author = new Int32Array(this.cap);
  rating = new Uint8Array(this.cap);
  reach = new Int32Array(this.cap);
  origin = new Int16Array(this.cap);

  grow(): void {
    this.cap *= 2;
    const g = <T extends Int32Array | Uint8Array | Int16Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(this.cap);
      b.set(a);
      return b;
    };
    this.created = g(this.created);
    this.arrival = g(this.arrival);
    this.text = g(this.text);
    this.truth = g(this.truth);
    this.predicted = g(this.predicted);
    this.negative = g(this.negative);
    this.platform = g(this.platform);
    this.author = g(this.author);
    this.rating = g(this.rating);
    this.reach = g(this.reach);
    this.origin = g(this.origin);
  }
  get full(): boolean {
    return this.length === this.cap;
  }
  table(): MentionTable {
    const n = this.length;
    return {
      length: n,
      created: this.created.subarray(0, n),
      arrival: this.arrival.subarray(0, n),
      text: this.text.subarray(0, n),
      truth: this.truth.subarray(0, n),
      predicted: this.predicted.subarray(0, n),
      negative: this.negative.subarray(0, n),
      platform: this.platform.subarray(0, n),
      author: this.author.subarray(0, n),
      rating: this.rating.subarray(0, n),
      reach: this.reach.subarray(0, n),
      origin: this.origin.subarray(0, n),
    };
  }
}

/** Star ratings given on review sites, by the post's true class. */
const RATINGS: Record<SentimentClass, [number, number][]> = {
  negative: [
    [1, 0.55],
    [2, 0.3],
    [3, 0.15],
  ],
  neutral: [
    [2, 0.1],
    [3, 0.5],
    [4, 0.4],
  ],
  positive: [
    [4, 0.35],
    [5, 0.65],
  ],
};

export function generateStream(spec: StreamSpec, corpus: Corpus, classify: Classifier): CrisisStream {
  const rng = new Rng(spec.seed ^ 0x5bd1e995);
  const b = spec.bucketMs;
  const n = Math.round((spec.days * DAY) / b);
  const cols = new Columns();
  const main = mainLang(spec);
  const langWeights = spec.langs.map((l) => l.share);
  const platformWeights = spec.platforms.map((p) => p.weight);
  const regularHome = Array.from({ length: spec.regulars }, () => rng.weighted(platformWeights));
  let nextAuthor = spec.regulars + 1;
  const angryAuthor = spec.regulars; // one account for every angry-account decoy of the stream

  const events: EventTruth[] = spec.events.map((e, index) => ({ ...e, index, doublingAt: null }));
  const profiles = events.map((e) => eventProfile(e.kind, Math.max(1, Math.round((e.end - e.onset) / b))));
  const outageOf = new Int32Array(n).fill(-1);
  for (const e of events) {
    if (e.kind !== 'outage') continue;
    const from = Math.round((e.onset - spec.start) / b);
    const to = Math.round((e.end - spec.start) / b);
    for (let i = from; i < to && i < n; i++) outageOf[i] = Math.min(to, n - 1);
    e.backlogAt = spec.start + Math.min(to, n - 1) * b;
  }

  const oracleCounts = new Float64Array(n);
  const oracleExpected = new Float64Array(n);
  const lastCounted = new Map<number, number>();
  const authorWindow = Math.round(ORACLE_AUTHOR_WINDOW / b);

  const emit = (i: number, lang: number, cls: number, origin: number, event?: EventTruth, k = 0, nk = 1) => {
    if (cols.full) cols.grow();
    const label = CLASSES[cls];
    const pool = corpus.pools[spec.langs[lang].lang][label];
    const text = pool[Math.floor(rng.next() * pool.length)];
    let platform: number;
    let author: number;
    if (!event) {
      if (rng.next() < spec.regularShare) {
        author = Math.floor(rng.next() * spec.regulars);
        platform = regularHome[author];
      } else {
        author = nextAuthor++;
        platform = rng.weighted(platformWeights);
      }
    } else {
      const joined = event.platforms.slice(0, joinedPlatforms(event, k, nk));
      platform = joined[rng.weighted(joined.map((p) => platformWeights[p]))];
      author = event.kind === 'angry' ? angryAuthor : nextAuthor++;
    }
    let rating = 0;
    if (spec.platforms[platform].reviews) {
      const r = RATINGS[label];
      rating = r[rng.weighted(r.map((x) => x[1]))][0];
    }
    const predicted = classify(text, rating || undefined);
    // Waves are shared: their posts reach further than everyday ones; an angry account, less.
    const lift = event?.wave ? 0.7 : event?.kind === 'angry' ? -1 : 0;
    const reach = Math.round(Math.exp(4 + lift + 1.6 * rng.normal())) + rng.poisson(1.5);
    const row = cols.length++;
    cols.created[row] = i;
    cols.arrival[row] = outageOf[i] >= 0 ? outageOf[i] : i;
    cols.text[row] = text;
    cols.truth[row] = cls;
    cols.predicted[row] = CLASSES.indexOf(predicted);
    cols.negative[row] = isNegative({ sentiment: predicted, rating: rating || undefined }) ? 1 : 0;
    cols.platform[row] = platform;
    cols.author[row] = author;
    cols.rating[row] = rating;
    cols.reach[row] = reach;
    cols.origin[row] = origin;
    if (label === 'negative') {
      const last = lastCounted.get(author);
      if (last === undefined || i - last >= authorWindow) {
        oracleCounts[i]++;
        lastCounted.set(author, i);
      }
    }
  };

  let hourMul = 1;
  let dayMul = 1;
  const classWeights = CLASSES.map((c) => spec.classMix[c]);
  for (let i = 0; i < n; i++) {
    const t = spec.start + i * b;
    if (i === 0 || t % HOUR === 0) hourMul = rng.lognormalUnit(spec.hourSigma);
    if (i === 0 || t % DAY === 0) dayMul = rng.lognormalUnit(spec.daySigma);
    const rates = baselineRates(spec, t);
    let expectedNeg = 0;
    rates.forEach((rate, lang) => {
      expectedNeg += rate * hourMul * dayMul * spec.classMix.negative;
      for (let c = 0; c < 3; c++) {
        const k = rng.poisson(rate * hourMul * dayMul * classWeights[c]);
        for (let j = 0; j < k; j++) emit(i, lang, c, -1);
      }
    });
    oracleExpected[i] = expectedNeg;
    for (const e of events) {
      if (t < e.onset || t >= e.end || e.extra <= 0) continue;
      const w = profiles[e.index];
      const k = Math.round((t - e.onset) / b);
      const rate = e.extra * w[k];
      for (let c = 0; c < 3; c++) {
        const m = rng.poisson(rate * e.mix[CLASSES[c]]);
        for (let j = 0; j < m; j++) {
          const lang = rng.next() < e.mainLangShare ? main : rng.weighted(langWeights);
          emit(i, lang, c, e.index, e, k, w.length);
        }
      }
    }
  }

  // Doubling: expected extra true negatives since onset vs the expected everyday ones.
  for (const e of events) {
    if (!e.wave) continue;
    const w = profiles[e.index];
    let extra = 0;
    let base = 0;
    for (let k = 0; k < w.length; k++) {
      const i = Math.round((e.onset - spec.start) / b) + k;
      extra += e.extra * w[k] * e.mix.negative;
      base += oracleExpected[i];
      if (extra >= base) {
        e.doublingAt = spec.start + (i + 1) * b;
        break;
      }
    }
  }

  const mentions = cols.table();
  // Posts by arrival bucket (counting sort; creation order kept within a bucket).
  const bucketStart = new Int32Array(n + 1);
  for (let r = 0; r < mentions.length; r++) bucketStart[mentions.arrival[r] + 1]++;
  for (let i = 0; i < n; i++) bucketStart[i + 1] += bucketStart[i];
  const fill = bucketStart.slice(0, n);
  const order = new Int32Array(mentions.length);
  for (let r = 0; r < mentions.length; r++) order[fill[mentions.arrival[r]]++] = r;

  return { spec, bucketMs: b, points: rollup(spec, mentions, bucketStart, order, outageOf), mentions, bucketStart, order, oracleCounts, oracleExpected, events };
}

/**
 * Buckets as loadBrandBuckets reads them from the per-minute rollup: total mentions, negatives,
 * unique negative authors (summed over platforms; and over the last 1 to 6 hours), their reach (followers + engagement), the
 * platforms carrying negatives, low ratings; plus the missing flags of a source outage.
 */
function rollup(spec: StreamSpec, m: MentionTable, bucketStart: Int32Array, order: Int32Array, outageOf: Int32Array): BucketPoint[] {
  const points: BucketPoint[] = [];
  const authors = new Set<number>();
  const platforms = new Set<number>();
  const spanAuthors = new TrailingAuthors<number>();
  for (let i = 0; i + 1 < bucketStart.length; i++) {
    const p: BucketPoint = {
      t: spec.start + i * spec.bucketMs,
      total: 0,
      negative: 0,
      negativeAuthors: 0,
      negativeReach: 0,
      negativePlatforms: 0,
      lowRatings: 0,
    };
    if (outageOf[i] >= 0) p.missing = true;
    authors.clear();
    platforms.clear();
    for (let k = bucketStart[i]; k < bucketStart[i + 1]; k++) {
      const r = order[k];
      p.total++;
      if (!m.negative[r]) continue;
      p.negative++;
      p.negativeReach += m.reach[r];
      authors.add(m.author[r]);
      platforms.add(m.platform[r]);
      if (isLowRating(m.rating[r] || undefined)) p.lowRatings++;
    }
    p.negativeAuthors = authors.size;
    p.negativePlatforms = platforms.size;
    p.negativeAuthorsTrailing = spanAuthors.push(p.t, authors);
    points.push(p);
  }
  return points;
}
