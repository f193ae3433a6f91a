// The digest's reads: one brand's mentions over a period (totals against the period before, per
// bucket, per language) from mentions FINAL, chatter only as on the dashboards (the brand's own
// replies and apologies are not what people said about it), its biggest incidents from incidents FINAL, and
// first-response times from the reply queue's view (v_queue) when the store has one.
import type { ClickHouseClient } from '@clickhouse/client';
import { CHATTER_SQL } from '../analysis/chatter.js';
import { NEGATIVE_SQL } from '../analysis/negative.js';
import type { DigestBucket, DigestIncident, DigestLanguage, DigestResponses } from '../digest/digest.js';
import { chTime, fromChTime, queryRows, tableExists } from './clickhouse.js';

interface Period {
  brand: string;
  from: number;
  to: number;
}

const T = (name: string) => `{${name}:DateTime64(3, 'UTC')}`;
const paramsOf = (p: Period, extra: Record<string, unknown> = {}) => ({ brand: p.brand, from: chTime(p.from), to: chTime(p.to), ...extra });
// A digest is exact: FINAL, so a re-fetched mention counts once.
const IN_PERIOD = `brand = {brand:String} AND created_at >= ${T('from')} AND created_at < ${T('to')}`;
/** The brand's chatter in the period (the queue's items are chatter already). */
const CHATTER_IN_PERIOD = `${IN_PERIOD} AND ${CHATTER_SQL}`;

/** Mentions and negative mentions in the period and in the one of equal length before it. */
export async function loadDigestTotals(client: ClickHouseClient, p: Period) {
  const prev = p.from - (p.to - p.from);
  const [r] = await queryRows<Record<string, string>>(
    client,
    'digest totals',
    `SELECT countIf(created_at >= ${T('from')}) AS mentions, countIf(created_at >= ${T('from')} AND ${NEGATIVE_SQL}) AS negative,
            countIf(created_at < ${T('from')}) AS prev_mentions, countIf(created_at < ${T('from')} AND ${NEGATIVE_SQL}) AS prev_negative
     FROM mentions FINAL WHERE brand = {brand:String} AND ${CHATTER_SQL} AND created_at >= ${T('prev')} AND created_at < ${T('to')}`,
    paramsOf(p, { prev: chTime(prev) }),
  );
  const n = (k: string) => Number(r?.[k] ?? 0);
  return { mentions: n('mentions'), negative: n('negative'), previous: { mentions: n('prev_mentions'), negative: n('prev_negative') } };
}

/** Every bucket of the period, empty ones as zeros. */
export async function loadDigestSeries(client: ClickHouseClient, p: Period, bucketMs: number): Promise<DigestBucket[]> {
  const rows = await queryRows<{ t: string; mentions: string; negative: string }>(
    client,
    'digest series',
    `SELECT toStartOfInterval(created_at, toIntervalSecond({bucket:UInt32}), 'UTC') AS t, count() AS mentions, countIf(${NEGATIVE_SQL}) AS negative
     FROM mentions FINAL WHERE ${CHATTER_IN_PERIOD} GROUP BY t ORDER BY t`,
    paramsOf(p, { bucket: Math.round(bucketMs / 1000) }),
  );
  const byT = new Map(rows.map((r) => [fromChTime(r.t).getTime(), r]));
  const out: DigestBucket[] = [];
  for (let t = Math.floor(p.from / bucketMs) * bucketMs; t < p.to; t += bucketMs) {
    const r = byT.get(t);
    out.push({ t, mentions: Number(r?.mentions ?? 0), negative: Number(r?.negative ?? 0) });
  }
  return out;
}

/** Languages by mentions, most first. */
export async function loadDigestLanguages(client: ClickHouseClient, p: Period, limit = 8): Promise<DigestLanguage[]> {
  const rows = await queryRows<{ lang: string; mentions: string; negative: string }>(
    client,
    'digest languages',
    `SELECT lang, count() AS mentions, countIf(${NEGATIVE_SQL}) AS negative
     FROM mentions FINAL WHERE ${CHATTER_IN_PERIOD} GROUP BY lang ORDER BY mentions DESC, lang LIMIT {limit:UInt32}`,
    paramsOf(p, { limit }),
  );
  return rows.map((r) => ({ lang: r.lang || 'unknown', mentions: Number(r.mentions), negative: Number(r.negative) }));
}

const NEVER = chTime(0);

/** Incidents open at any time in the period, biggest peak first. */
export async function loadDigestIncidents(client: ClickHouseClient, p: Period, limit = 5): Promise<DigestIncident[]> {
  const rows = await queryRows<{ incident_id: string; severity: string; status: string; opened_at: string; resolved_at: string; peak_negative: string }>(
    client,
    'digest incidents',
    `SELECT incident_id, severity, status, opened_at, resolved_at, peak_negative FROM incidents FINAL
     WHERE brand = {brand:String} AND opened_at < ${T('to')} AND (resolved_at >= ${T('from')} OR resolved_at = ${T('never')})
     ORDER BY peak_negative DESC, opened_at LIMIT {limit:UInt32}`,
    paramsOf(p, { never: NEVER, limit }),
  );
  return rows.map((r) => {
    const resolved = fromChTime(r.resolved_at).getTime();
    return {
      incidentId: r.incident_id,
      severity: r.severity,
      status: r.status,
      openedAt: fromChTime(r.opened_at).getTime(),
      ...(resolved > 0 ? { resolvedAt: resolved } : {}),
      peakNegative: Number(r.peak_negative),
    };
  });
}

/** Whether the store has the reply queue's view (added by its own migration; optional for the digest). */
export function hasQueueView(client: ClickHouseClient): Promise<boolean> {
  return tableExists(client, 'v_queue');
}

/**
 * Items that needed a reply and arrived in the period: how many were answered, how many wait,
 * and the median and p90 first-response time of the answered ones. v_queue hides its sentinels:
 * first_response_seconds is NULL (or absent in the quantile) until an item is answered.
 */
export async function loadDigestResponses(client: ClickHouseClient, p: Period): Promise<DigestResponses> {
  const [r] = await queryRows<{ items: string; answered: string; waiting: string; q: (number | null)[] }>(
    client,
    'digest response times',
    `SELECT count() AS items, countIf(state = 'answered') AS answered, countIf(state IN ('open', 'assigned')) AS waiting,
            quantilesIf(0.5, 0.9)(toFloat64(assumeNotNull(first_response_seconds)), state = 'answered' AND isNotNull(first_response_seconds)) AS q
     FROM v_queue WHERE ${IN_PERIOD}`,
    paramsOf(p),
  );
  const answered = Number(r?.answered ?? 0);
  const [median, p90] = r?.q ?? [];
  return {
    items: Number(r?.items ?? 0),
    answered,
    waiting: Number(r?.waiting ?? 0),
    ...(answered > 0 && typeof median === 'number' ? { medianSeconds: median } : {}),
    ...(answered > 0 && typeof p90 === 'number' ? { p90Seconds: p90 } : {}),
  };
}
