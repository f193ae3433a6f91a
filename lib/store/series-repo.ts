// Reads what detection needs from ClickHouse: bucketed series from the per-minute rollup
// (never raw rows), the stream clock, and the evidence behind an anomaly.
import { CHATTER_SQL } from '../analysis/chatter.js';
import { NEGATIVE_SQL } from '../analysis/negative.js';
import type { ClickHouseClient } from '@clickhouse/client';
import { TRAILING_SPANS_MS } from '../detection/trailing-authors.js';
import type { BucketPoint } from '../detection/types.js';
import type { SamplePost } from '../alerts/alert.js';
import { chTime, fromChTime, queryRows } from './clickhouse.js';

interface BucketRow {
  t: string;
  total: string | number;
  negative: string | number;
  negative_authors: string | number;
  negative_reach: string | number;
  platforms: string | number;
  low_ratings: string | number;
}

/** Buckets [from, to) of `bucketMs`, zero-filled where nothing was said. */
export async function loadBrandBuckets(
  client: ClickHouseClient,
  brand: string,
  from: number,
  to: number,
  bucketMs: number,
): Promise<BucketPoint[]> {
  const rows = await queryRows<BucketRow>(
    client,
    `load ${brand} buckets`,
    `SELECT t, sum(total) AS total, sum(neg) AS negative, sum(neg_authors) AS negative_authors,
            sum(neg_reach) AS negative_reach, countIf(neg > 0) AS platforms, sum(low) AS low_ratings
     FROM (
       SELECT toStartOfInterval(minute, toIntervalSecond({bucket:UInt32})) AS t, platform,
              sum(mentions) AS total, sum(negative) AS neg, uniqMerge(negative_authors) AS neg_authors,
              sum(negative_reach) AS neg_reach, sum(low_ratings) AS low
       FROM mention_rollup_1m
       WHERE brand = {brand:String} AND minute >= {from:DateTime64(3, 'UTC')} AND minute < {to:DateTime64(3, 'UTC')}
       GROUP BY t, platform
     )
     GROUP BY t ORDER BY t`,
    { brand, from: chTime(from), to: chTime(to), bucket: Math.round(bucketMs / 1000) },
  );
  const byT = new Map(rows.map((r) => [fromChTime(r.t).getTime(), r]));
  const trailing = await loadTrailingAuthors(client, brand, from, to, bucketMs);
  const points: BucketPoint[] = [];
  for (let t = Math.floor(from / bucketMs) * bucketMs; t < to; t += bucketMs) {
    const r = byT.get(t);
    points.push({
      t,
      total: Number(r?.total ?? 0),
      negative: Number(r?.negative ?? 0),
      negativeAuthors: Number(r?.negative_authors ?? 0),
      negativeReach: Number(r?.negative_reach ?? 0),
      negativePlatforms: Number(r?.platforms ?? 0),
      lowRatings: Number(r?.low_ratings ?? 0),
      negativeAuthorsTrailing: trailing.get(t) ?? TRAILING_SPANS_MS.map(() => 0),
    });
  }
  return points;
}

/**
 * Unique negative authors over each span of TRAILING_SPANS_MS ending with each bucket of
 * [from, to) (the in-memory form: lib/detection/trailing-authors.ts): one author state per
 * bucket, then each bucket's state counted in the buckets whose spans hold it.
 */
async function loadTrailingAuthors(client: ClickHouseClient, brand: string, from: number, to: number, bucketMs: number): Promise<Map<number, number[]>> {
  const spans = TRAILING_SPANS_MS.map((ms) => Math.max(1, Math.ceil(ms / bucketMs)));
  const longest = spans[spans.length - 1];
  const start = Math.floor(from / bucketMs) * bucketMs;
  const rows = await queryRows<{ t: string; authors: (string | number)[] }>(
    client,
    `load ${brand} trailing authors`,
    `SELECT b + k * {bucket:UInt32} AS t, [${spans.map((_, i) => `uniqMergeIf(st, k < {span${i}:UInt32})`).join(', ')}] AS authors
     FROM (
       SELECT toStartOfInterval(minute, toIntervalSecond({bucket:UInt32})) AS b, uniqMergeState(negative_authors) AS st
       FROM mention_rollup_1m
       WHERE brand = {brand:String} AND minute >= {lookback:DateTime64(3, 'UTC')} AND minute < {to:DateTime64(3, 'UTC')}
       GROUP BY b
     )
     ARRAY JOIN range({longest:UInt32}) AS k
     WHERE t >= {start:DateTime64(3, 'UTC')} AND t < {to:DateTime64(3, 'UTC')}
     GROUP BY t`,
    {
      brand,
      bucket: Math.round(bucketMs / 1000),
      lookback: chTime(start - (longest - 1) * bucketMs),
      start: chTime(start),
      to: chTime(to),
      longest,
      ...Object.fromEntries(spans.map((n, i) => [`span${i}`, n])),
    },
  );
  return new Map(rows.map((r) => [fromChTime(r.t).getTime(), r.authors.map(Number)]));
}

/** The newest mention time stored (the clock of a replayed stream); 0 when empty. */
export async function streamClock(client: ClickHouseClient): Promise<number> {
  const rows = await queryRows<{ m: string }>(client, 'read stream clock', 'SELECT max(minute) AS m FROM mention_rollup_1m');
  const t = rows.length ? fromChTime(rows[0].m).getTime() : 0;
  // The newest minute is still filling: count it as reached at its end.
  return t > 0 ? t + 60_000 : 0;
}

/**
 * Buckets in which no poll of the given sources (a brand's own) succeeded: they were down, not
 * the brand quiet. Another brand's sources polling says nothing of this brand's.
 */
export async function bucketsWithoutPolls(client: ClickHouseClient, sourceIds: string[], from: number, to: number, bucketMs: number): Promise<Set<number>> {
  if (sourceIds.length === 0) return new Set(); // no source to judge by
  const rows = await queryRows<{ t: string }>(
    client,
    'find buckets with successful polls',
    `SELECT DISTINCT toStartOfInterval(finished_at, toIntervalSecond({bucket:UInt32})) AS t
     FROM source_polls WHERE status = 'ok' AND source_id IN {sources:Array(String)}
       AND finished_at >= {from:DateTime64(3, 'UTC')} AND finished_at < {to:DateTime64(3, 'UTC')}`,
    { sources: sourceIds, from: chTime(from), to: chTime(to), bucket: Math.round(bucketMs / 1000) },
  );
  const polled = new Set(rows.map((r) => fromChTime(r.t).getTime()));
  const missing = new Set<number>();
  if (polled.size === 0) return missing; // no poll log at all (fresh install): nothing to judge by
  for (let t = Math.floor(from / bucketMs) * bucketMs; t < to; t += bucketMs) if (!polled.has(t)) missing.add(t);
  return missing;
}

export interface Evidence {
  samples: SamplePost[];
  platforms: string[];
  languages: string[];
  negativeTexts: string[];
  baselineTexts: string[];
}

/**
 * The most-reached negative posts of a window, who carries them, and texts for phrase mining:
 * chatter only, as the detector counted it (the brand's own apology, with its account's reach,
 * would otherwise head the samples and lend its words to "what is spreading").
 */
export async function loadEvidence(client: ClickHouseClient, brand: string, from: number, to: number, baselineFrom: number): Promise<Evidence> {
  const params = { brand, from: chTime(from), to: chTime(to), bfrom: chTime(baselineFrom) };
  /** The brand's negative chatter in the window. */
  const negativeInWindow = `brand = {brand:String} AND ${NEGATIVE_SQL} AND ${CHATTER_SQL} AND created_at >= {from:DateTime64(3, 'UTC')} AND created_at < {to:DateTime64(3, 'UTC')}`;
  const samples = await queryRows<{ text: string; url: string; author: string; platform: string; lang: string; reach: string }>(
    client,
    'load sample posts',
    // FINAL only over the few candidates: FINAL over all of the brand's rows (the window is not
    // in the sort key) cost most of the evidence read (bench:tick). The candidates are chosen on
    // the small columns of every stored version, the rows then read as their latest version.
    `SELECT text, url, author_name AS author, platform, lang, author_followers + likes + shares + replies AS reach
     FROM mentions FINAL
     WHERE ${negativeInWindow}
       AND (platform, external_id) IN (
         SELECT platform, external_id FROM mentions
         WHERE ${negativeInWindow}
         GROUP BY platform, external_id
         ORDER BY max(author_followers + likes + shares + replies) DESC, min(created_at) ASC LIMIT 20)
     ORDER BY reach DESC, created_at ASC LIMIT 5`,
    params,
  );
  // From the rollup (chatter by construction): one scan of `mentions` fewer.
  const spread = await queryRows<{ platforms: string[]; languages: string[] }>(
    client,
    'load platforms and languages',
    `SELECT groupUniqArrayIf(platform, negative > 0) AS platforms, groupUniqArrayIf(lang, negative > 0) AS languages
     FROM mention_rollup_1m
     WHERE brand = {brand:String} AND minute >= {from:DateTime64(3, 'UTC')} AND minute < {to:DateTime64(3, 'UTC')}`,
    params,
  );
  const negative = await queryRows<{ text: string }>(
    client,
    'load negative texts',
    // Each post once: a re-fetched post is two rows until its parts merge, and would count twice in the phrases.
    `SELECT text FROM mentions WHERE ${negativeInWindow}
     LIMIT 1 BY platform, external_id LIMIT 2000`,
    params,
  );
  const baseline = await queryRows<{ text: string }>(
    client,
    'load baseline texts',
    `SELECT text FROM mentions WHERE brand = {brand:String} AND ${CHATTER_SQL}
       AND created_at >= {bfrom:DateTime64(3, 'UTC')} AND created_at < {from:DateTime64(3, 'UTC')}
     ORDER BY cityHash64(platform, external_id) LIMIT 5000`,
    params,
  );
  return {
    samples: samples.map((s) => ({ ...s, reach: Number(s.reach) })),
    platforms: (spread[0]?.platforms ?? []).sort(),
    languages: (spread[0]?.languages ?? []).sort(),
    negativeTexts: negative.map((r) => r.text),
    baselineTexts: baseline.map((r) => r.text),
  };
}
