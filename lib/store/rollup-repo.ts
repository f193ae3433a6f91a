// The per-minute rollup is, by definition, the aggregate of `mentions` (FINAL) per (brand,
// platform, lang, minute). A materialized view adds each insert's share as it commits, but a
// crash can commit the mentions part without the view's part (the retry then skips those ids as
// stored). So the rollup is checked against its definition and repaired: for each group that
// differs, one correction row carries the difference of every sum (signed since sql/0010) and
// the true unique-author states (a union: adding authors already counted changes nothing).
// The derivation below is the view's (sql/0003, counting chatter only since sql/0064) term for term; test/lib/store/rollup.test.ts
// holds the two equal.
import type { ClickHouseClient } from '@clickhouse/client';
import { CHATTER_SQL } from '../analysis/chatter.js';
import { LOW_RATING_SQL, NEGATIVE_SQL, NOT_LOW_RATING_SQL } from '../analysis/negative.js';
import { chTime, fromChTime, queryRows } from './clickhouse.js';

const REACH = 'author_followers + likes + shares + replies';
const AUTHOR = "concat(platform, ':', author_id)";

/** Counts and sums per group: the rollup column and its definition over `mentions` rows. */
const SUMS = {
  mentions: 'count()',
  negative: `countIf(${NEGATIVE_SQL})`,
  neutral: `countIf(sentiment = 'neutral' AND ${NOT_LOW_RATING_SQL})`,
  positive: `countIf(sentiment = 'positive' AND ${NOT_LOW_RATING_SQL})`,
  low_ratings: `countIf(${LOW_RATING_SQL})`,
  needs_reply: 'countIf(needs_reply = 1)',
  reach: `sum(${REACH})`,
  negative_reach: `sumIf(${REACH}, ${NEGATIVE_SQL})`,
  engagement: 'sum(likes + shares + replies)',
} as const;
/** A float sum: equal up to rounding (the order of additions differs), relative to the larger of 1 and the value. */
const FLOAT_SUM = { sentiment_sum: 'sum(toFloat64(sentiment_score))' } as const;
const FLOAT_TOLERANCE = 1e-6;
const STATES = {
  authors: `uniqState(${AUTHOR})`,
  negative_authors: `uniqStateIf(${AUTHOR}, ${NEGATIVE_SQL})`,
} as const;

type Measure = keyof typeof SUMS | keyof typeof FLOAT_SUM | keyof typeof STATES;
const KEYS = 'brand, platform, lang, minute';

/** Which minutes to check: [from, to) (rounded out to whole minutes), optionally some brands or minutes only. */
export interface RollupScope {
  from: number;
  to: number;
  brands?: string[];
  /** Only these minutes (epoch ms, minute starts) within [from, to). */
  minutes?: number[];
}

export interface RollupDifference {
  brand: string;
  platform: string;
  lang: string;
  minute: number;
  /** Per measure that differs: the value derived from mentions and the value the rollup had. */
  changes: Partial<Record<Measure, { expected: number; found: number }>>;
  /** The rollup counts authors that `mentions` does not have: a correction cannot remove them. */
  extraAuthors: boolean;
}

/** How many mentions the rollup was off by, over `differences`. */
export function mentionsOff(differences: RollupDifference[]): number {
  return differences.reduce((n, d) => n + Math.abs((d.changes.mentions?.expected ?? 0) - (d.changes.mentions?.found ?? 0)), 0);
}

function scopeSql(scope: RollupScope): { mentions: string; rollup: string; params: Record<string, unknown> } {
  const from = Math.floor(scope.from / 60_000) * 60_000;
  const to = Math.ceil(scope.to / 60_000) * 60_000;
  // Epoch seconds for the rollup side: a DELETE (rebuild) cannot cast a DateTime64 parameter of 1970.
  const params: Record<string, unknown> = { from: chTime(from), to: chTime(to), from_s: from / 1000, to_s: to / 1000 };
  const m = ["created_at >= {from:DateTime64(3, 'UTC')}", "created_at < {to:DateTime64(3, 'UTC')}"];
  const r = ["minute >= toDateTime({from_s:UInt32}, 'UTC')", "minute < toDateTime({to_s:UInt32}, 'UTC')"];
  if (scope.brands) {
    params.brands = [...new Set(scope.brands)];
    m.push('brand IN {brands:Array(String)}');
    r.push('brand IN {brands:Array(String)}');
  }
  if (scope.minutes) {
    params.minutes = [...new Set(scope.minutes)].map((t) => chTime(t).slice(0, 19));
    m.push("toStartOfMinute(created_at) IN {minutes:Array(DateTime('UTC'))}");
    r.push("minute IN {minutes:Array(DateTime('UTC'))}");
  }
  return { mentions: m.join(' AND '), rollup: r.join(' AND '), params };
}

const sumCols = Object.keys(SUMS) as (keyof typeof SUMS)[];
const stateCols = Object.keys(STATES) as (keyof typeof STATES)[];
const union = (c: string) => `arrayReduce('uniqMerge', [r.${c}, t.${c}])`;
const floatDiffers = (c: string) => `abs(t.${c} - r.${c}) > ${FLOAT_TOLERANCE} * greatest(1, abs(t.${c}))`;

/** The groups of the scope where rollup and derivation differ, as `t` (derived) JOIN `r` (rollup). */
function differencesFrom(scope: RollupScope): { sql: string; params: Record<string, unknown> } {
  const s = scopeSql(scope);
  const derived = [
    ...Object.entries(SUMS),
    ...Object.entries(FLOAT_SUM),
    ...Object.entries(STATES),
  ].map(([col, expr]) => `${expr} AS ${col}`);
  const current = [
    ...[...sumCols, ...Object.keys(FLOAT_SUM)].map((c) => `sum(${c}) AS ${c}`),
    ...stateCols.map((c) => `uniqMergeState(${c}) AS ${c}`),
  ];
  const differs = [
    ...sumCols.map((c) => `t.${c} != r.${c}`),
    ...Object.keys(FLOAT_SUM).map(floatDiffers),
    // Authors missing from the rollup (the union grows) or counted without a mention (the union exceeds the truth).
    ...stateCols.map((c) => `${union(c)} != finalizeAggregation(r.${c}) OR ${union(c)} != finalizeAggregation(t.${c})`),
  ];
  const sql = `FROM (
      SELECT brand, platform, lang, toStartOfMinute(created_at) AS minute, ${derived.join(', ')}
      FROM mentions FINAL WHERE ${s.mentions} AND ${CHATTER_SQL} GROUP BY ${KEYS}
    ) AS t
    FULL OUTER JOIN (
      SELECT ${KEYS}, ${current.join(', ')}
      FROM mention_rollup_1m WHERE ${s.rollup} GROUP BY ${KEYS}
    ) AS r USING (${KEYS})
    WHERE ${differs.join(' OR ')}`;
  return { sql, params: s.params };
}

/** Where the rollup differs from `mentions` in the scope (reads only). */
export async function rollupDifferences(client: ClickHouseClient, scope: RollupScope): Promise<RollupDifference[]> {
  const { sql, params } = differencesFrom(scope);
  const numeric = [...sumCols, ...Object.keys(FLOAT_SUM)];
  const cols = [
    ...numeric.flatMap((c) => [`t.${c} AS ${c}_expected`, `r.${c} AS ${c}_found`]),
    ...stateCols.flatMap((c) => [`finalizeAggregation(t.${c}) AS ${c}_expected`, `finalizeAggregation(r.${c}) AS ${c}_had`, `${union(c)} AS ${c}_union`]),
  ];
  const rows = await queryRows<Record<string, string | number>>(
    client,
    'compare the rollup with mentions',
    `SELECT ${KEYS}, ${cols.join(', ')} ${sql} ORDER BY ${KEYS}`,
    params,
  );
  return rows.map((row) => {
    const changes: RollupDifference['changes'] = {};
    let extraAuthors = false;
    for (const c of [...sumCols, ...Object.keys(FLOAT_SUM)] as Measure[]) {
      const expected = Number(row[`${c}_expected`]);
      const found = Number(row[`${c}_found`]);
      if (c in FLOAT_SUM ? Math.abs(expected - found) > FLOAT_TOLERANCE * Math.max(1, Math.abs(expected)) : expected !== found) changes[c] = { expected, found };
    }
    for (const c of stateCols) {
      const [expected, found, union] = [row[`${c}_expected`], row[`${c}_had`], row[`${c}_union`]].map(Number);
      if (union !== found || union !== expected) changes[c] = { expected, found };
      if (union > expected) extraAuthors = true;
    }
    return { brand: String(row.brand), platform: String(row.platform), lang: String(row.lang), minute: fromChTime(String(row.minute)).getTime(), changes, extraAuthors };
  });
}

/**
 * Writes one correction row per differing group of the scope, so that the rollup equals its
 * derivation from `mentions` (except authors the rollup has and mentions does not: reported,
 * and removed only by a rebuild). Exact when no insert into the scope is in flight meanwhile:
 * the store runs it under its lock.
 */
export async function writeRollupCorrections(client: ClickHouseClient, scope: RollupScope): Promise<void> {
  const { sql, params } = differencesFrom(scope);
  const values = [
    ...sumCols.map((c) => `toInt64(t.${c}) - toInt64(r.${c})`),
    ...Object.keys(FLOAT_SUM).map((c) => `t.${c} - r.${c}`),
    ...stateCols.map((c) => `t.${c}`),
  ];
  const columns = [...sumCols, ...Object.keys(FLOAT_SUM), ...stateCols];
  try {
    await client.command({
      query: `INSERT INTO mention_rollup_1m (${KEYS}, ${columns.join(', ')}) SELECT ${KEYS}, ${values.join(', ')} ${sql}`,
      query_params: params,
    });
  } catch (e) {
    throw new Error(`ClickHouse insert failed (correct the rollup): ${(e as Error).message}`);
  }
}

/** Deletes the rollup rows of the scope (a rebuild then writes the derivation whole). */
export async function deleteRollup(client: ClickHouseClient, scope: RollupScope): Promise<void> {
  const s = scopeSql(scope);
  try {
    await client.command({ query: `DELETE FROM mention_rollup_1m WHERE ${s.rollup}`, query_params: s.params });
  } catch (e) {
    throw new Error(`ClickHouse delete failed (clear the rollup for a rebuild): ${(e as Error).message}`);
  }
}
