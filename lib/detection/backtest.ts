// The backtest engine behind `npm run backtest`: mentions in stream order -> analysis and brand
// matching -> per-brand buckets (counted like the rollup) -> the live detector -> the live
// incident rules -> one record per incident. No Temporal, no ClickHouse, no clock: stream time
// is the newest created_at seen. Pure apart from the CPU it burns (the script does the I/O).
import { TrailingAuthors } from './trailing-authors.js';
import { analyze } from '../analysis/analyze.js';
import type { Analysis } from '../analysis/types.js';
import { analyzeBatch } from '../analysis/encoder/analyze-batch.js';
import type { SentimentEncoder } from '../analysis/encoder/encoder.js';
import { compileBrandMatchers, matchBrands } from '../analysis/brand-match.js';
import { isLowRating, isNegative } from '../analysis/negative.js';
import { detectionFor, type MonitorConfig } from '../config/schema.js';
import { parseMentionLine, type Mention } from '../mention/mention.js';
import { createDetector, detectorOptionsFromConfig, type Detector } from './detector.js';
import {
  incidentRulesFromConfig,
  initialIncidentState,
  nextIncidentState,
  type IncidentRules,
  type IncidentState,
} from './incident-rules.js';
import { brandWords, topPhrases } from './phrases.js';
import type { BucketPoint, BucketScore, Severity } from './types.js';

export interface BacktestIncident {
  brand: string;
  opened_at: string;
  severity: Severity;
  peak_at: string;
  top_phrases: string[];
  resolved_at: string | null;
}

export interface BacktestOptions {
  /** How long after a bucket ends (in stream time) mentions may still arrive for it (default: one bucket). */
  lateMs?: number;
  /** Phrases reported per incident (default 10). */
  phrases?: number;
  /** Called with every scored bucket (for --details output and tests). */
  onScore?: (brand: string, score: BucketScore) => void;
}

export interface BacktestStats {
  lines: number;
  rejected: number;
  duplicates: number;
  matched: number;
  /** Mentions that arrived after their bucket was scored (counted for phrases only). */
  late: number;
}

interface Agg {
  total: number;
  negative: number;
  lowRatings: number;
  reach: number;
  authors: Set<string>;
  platforms: Set<string>;
}

interface TextRow {
  t: number;
  text: string;
  negative: boolean;
}

interface BrandRun {
  id: string;
  bucketMs: number;
  baselineMs: number;
  exclude: string[];
  detector: Detector;
  rules: IncidentRules;
  state: IncidentState;
  /** Start of the next bucket to score. */
  next: number | null;
  pending: Map<number, Agg>;
  /** Negative authors over the last hours, as the rollup read gives them live. */
  authors: TrailingAuthors<string>;
  texts: TextRow[];
  incidents: { record: BacktestIncident; onset: number; end: number | null }[];
}

const STREAM_GAP_RATE = 4;
/** Mentions analysed per call of the encoder during a replay (as the pipeline batches a page). */
const REPLAY_BATCH = 256;

export class Backtest {
  readonly stats: BacktestStats = { lines: 0, rejected: 0, duplicates: 0, matched: 0, late: 0 };
  readonly rejects: string[] = [];
  private readonly matchers;
  private readonly brands = new Map<string, BrandRun>();
  private readonly seen = new Set<string>();
  private watermark = -Infinity;
  /** Mentions of the whole stream per minute (to tell a source outage from a quiet brand). */
  private readonly streamMinutes = new Map<number, number>();
  private readonly streamRate = new Map<string, { rate: number; n: number; last: number }>();

  constructor(
    cfg: MonitorConfig,
    private readonly opts: BacktestOptions = {},
  ) {
    this.matchers = compileBrandMatchers(cfg.brands);
    for (const b of cfg.brands) {
      const d = detectionFor(cfg, b.id);
      this.brands.set(b.id, {
        id: b.id,
        bucketMs: d.bucket,
        baselineMs: d.baseline_window,
        exclude: brandWords(b),
        detector: createDetector(detectorOptionsFromConfig(d)),
        rules: incidentRulesFromConfig(d),
        state: initialIncidentState(),
        next: null,
        pending: new Map(),
        authors: new TrailingAuthors(),
        texts: [],
        incidents: [],
      });
    }
  }

  /**
   * Every line of a file, analysed as the live pipeline analyses (the encoder, `analyzeBatch`,
   * when one is given; else the fast model), in `order`: `created_at` (sorted, ties keep file
   * order) or `file` (arrival order). Bad lines are reported where they stand. `onBatch` runs
   * after each batch (the script prints rejects as they come).
   */
  async replay(
    lines: { line: string; where: string }[],
    opts: { order?: 'created_at' | 'file'; encoder?: SentimentEncoder; onBatch?: () => void } = {},
  ): Promise<void> {
    type Item = { t: number; line: string; where: string; mention?: Mention };
    const items: Item[] = [];
    for (const { line, where } of lines) {
      if (line.trim() === '') continue;
      const r = parseMentionLine(line, where);
      if (!r.ok && opts.order !== 'file') {
        this.addLine(line, where); // reported in place
        continue;
      }
      items.push({ t: r.ok ? Date.parse(r.mention.created_at) : -Infinity, line, where, mention: r.ok ? r.mention : undefined });
    }
    if (opts.order !== 'file') items.sort((a, b) => a.t - b.t); // stable: ties keep file order
    for (let i = 0; i < items.length; i += REPLAY_BATCH) {
      const chunk = items.slice(i, i + REPLAY_BATCH);
      const valid = chunk.flatMap((x) => (x.mention ? [x.mention] : []));
      const analyses = await analyzeBatch(valid.map((m) => ({ text: m.text, title: m.title, rating: m.rating, lang: m.lang })), opts.encoder);
      let k = 0;
      for (const x of chunk) {
        if (!x.mention) {
          this.addLine(x.line, x.where);
          continue;
        }
        this.stats.lines++;
        this.addMention(x.mention, analyses[k++]);
      }
      opts.onBatch?.();
    }
  }

  /** One JSONL line of the input (`where` is file:line for error messages). */
  addLine(line: string, where: string): void {
    if (line.trim() === '') return;
    this.stats.lines++;
    const r = parseMentionLine(line, where);
    if (!r.ok) {
      this.stats.rejected++;
      this.rejects.push(r.reason);
      return;
    }
    this.addMention(r.mention);
  }

  /**
   * One mention, analysed here with the fast model unless `analysis` is given (the script passes
   * the live pipeline's own, the encoder's when it is installed, batch by batch).
   */
  addMention(m: Mention, analysis?: Analysis): void {
    const key = `${m.platform}\u0000${m.id}`;
    if (this.seen.has(key)) {
      this.stats.duplicates++;
      return;
    }
    this.seen.add(key);
    const t = Date.parse(m.created_at);
    const minute = Math.floor(t / 60_000) * 60_000;
    this.streamMinutes.set(minute, (this.streamMinutes.get(minute) ?? 0) + 1);
    const text = [m.title, m.text].filter(Boolean).join('\n');
    // Analysed before matching: a query's lang: filter reads the analysed language, as live.
    const a = analysis ?? analyze({ text: m.text, title: m.title, rating: m.rating, lang: m.lang });
    const facts = { text, lang: a.lang, platform: m.platform, author: m.author, rating: m.rating };
    const matches = matchBrands(this.matchers, facts).filter((x) => x.competitorOf === '' && this.brands.has(x.brand));
    if (matches.length) {
      this.stats.matched++;
      const lowRating = isLowRating(m.rating);
      const negative = isNegative({ sentiment: a.sentiment, rating: m.rating });
      for (const match of matches) {
        const b = this.brands.get(match.brand) as BrandRun;
        if (b.next === null) b.next = this.firstBucket(b);
        b.texts.push({ t, text, negative });
        const start = Math.floor(t / b.bucketMs) * b.bucketMs;
        if (start < (b.next ?? -Infinity)) {
          this.stats.late++;
          continue;
        }
        let agg = b.pending.get(start);
        if (!agg) {
          agg = { total: 0, negative: 0, lowRatings: 0, reach: 0, authors: new Set(), platforms: new Set() };
          b.pending.set(start, agg);
        }
        agg.total++;
        if (negative) {
          agg.negative++;
          if (lowRating) agg.lowRatings++;
          agg.reach += m.author.followers + m.engagement.likes + m.engagement.shares + m.engagement.replies;
          agg.authors.add(`${m.platform}:${m.author.id || m.id}`);
          agg.platforms.add(m.platform);
        }
      }
    }
    if (t > this.watermark) {
      this.watermark = t;
      this.advance(false);
    }
  }

  /** Scores what is left and returns every incident, in order of opening. */
  finish(): BacktestIncident[] {
    this.advance(true);
    const all: { record: BacktestIncident; brand: BrandRun; onset: number; end: number | null }[] = [];
    for (const b of this.brands.values()) for (const i of b.incidents) all.push({ ...i, brand: b });
    for (const i of all) if (i.end === null) i.record.top_phrases = this.phrasesFor(i.brand, i.onset, this.watermark + 1);
    return all
      .map((i) => i.record)
      .sort((x, y) => (x.opened_at < y.opened_at ? -1 : x.opened_at > y.opened_at ? 1 : x.brand < y.brand ? -1 : 1));
  }

  private firstBucket(b: BrandRun): number {
    // Every brand's series starts with the stream, so a brand first mentioned late has a history of zeros.
    let first = Infinity;
    for (const m of this.streamMinutes.keys()) first = Math.min(first, m);
    return Math.floor(first / b.bucketMs) * b.bucketMs;
  }

  private advance(final: boolean): void {
    for (const b of this.brands.values()) {
      if (b.next === null) continue;
      const late = this.opts.lateMs ?? b.bucketMs;
      const last = final ? Math.floor(this.watermark / b.bucketMs) * b.bucketMs : this.watermark - late - b.bucketMs;
      while (b.next <= last) {
        this.scoreBucket(b, b.next);
        b.next += b.bucketMs;
      }
      const keepFrom = this.watermark - b.baselineMs - 2 * 86_400_000;
      if (b.texts.length > 1000 && b.texts[0].t < keepFrom) b.texts = b.texts.filter((r) => r.t >= keepFrom);
    }
  }

  private streamCount(start: number, width: number): number {
    let n = 0;
    for (let m = start; m < start + width; m += 60_000) n += this.streamMinutes.get(m) ?? 0;
    return n;
  }

  private scoreBucket(b: BrandRun, start: number): void {
    const agg = b.pending.get(start);
    b.pending.delete(start);
    // A bucket in which the whole stream is silent although it usually is not: a source outage.
    const streamN = this.streamCount(start, b.bucketMs);
    const key = `${b.bucketMs}`;
    const sr = this.streamRate.get(key) ?? { rate: 0, n: 0, last: -Infinity };
    const missing = streamN === 0 && sr.n >= 12 && sr.rate >= STREAM_GAP_RATE;
    if (!missing && start > sr.last) {
      // Once per bucket, whatever the number of brands sharing this width.
      sr.n++;
      sr.last = start;
      sr.rate += Math.max(1 / sr.n, b.bucketMs / 86_400_000) * (streamN - sr.rate);
      this.streamRate.set(key, sr);
    }
    const point: BucketPoint = {
      t: start,
      total: agg?.total ?? 0,
      negative: agg?.negative ?? 0,
      negativeAuthors: agg?.authors.size ?? 0,
      negativeAuthorsTrailing: b.authors.push(start, agg?.authors ?? []),
      negativeReach: agg?.reach ?? 0,
      negativePlatforms: agg?.platforms.size ?? 0,
      lowRatings: agg?.lowRatings ?? 0,
      missing,
    };
    const s = b.detector.push(point);
    this.opts.onScore?.(b.id, s);
    const { state, events } = nextIncidentState(b.state, s, b.rules);
    b.state = state;
    for (const e of events) {
      if (e.type === 'opened') {
        b.incidents.push({
          onset: s.t,
          end: null,
          record: {
            brand: b.id,
            opened_at: iso(e.at),
            severity: e.severity,
            peak_at: iso(s.t),
            top_phrases: [],
            resolved_at: null,
          },
        });
      }
      const cur = b.incidents[b.incidents.length - 1];
      if (!cur) continue;
      if (e.type === 'severity_raised') cur.record.severity = e.to;
      if (e.type === 'new_peak') cur.record.peak_at = iso(s.t);
      if (e.type === 'resolved') {
        cur.record.resolved_at = iso(e.at);
        cur.end = e.at;
        cur.record.top_phrases = this.phrasesFor(b, cur.onset, e.at);
      }
    }
  }

  private phrasesFor(b: BrandRun, onset: number, end: number): string[] {
    const from = onset - 2 * b.bucketMs;
    const incident = b.texts.filter((r) => r.negative && r.t >= from && r.t < end).map((r) => r.text);
    const baseline = b.texts.filter((r) => r.t < from && r.t >= from - b.baselineMs).map((r) => r.text);
    return topPhrases(incident, baseline, this.opts.phrases ?? 10, { exclude: b.exclude }).map((p) => p.phrase);
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
