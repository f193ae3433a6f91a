// Append-only operational records: rejects and the per-poll log behind source health.
import type { ClickHouseClient } from '@clickhouse/client';
import { chTime, insertRows } from './clickhouse.js';

const MAX_RAW = 64 * 1024;

export interface RejectRow {
  source_id: string;
  stage: 'parse' | 'analyze' | 'store' | 'ingest';
  reason: string;
  raw: string;
}

export async function storeRejects(client: ClickHouseClient, rejects: RejectRow[], at = new Date()): Promise<void> {
  await insertRows(
    client,
    'store rejects',
    'rejects',
    rejects.map((r) => ({ ...r, raw: r.raw.slice(0, MAX_RAW), reason: r.reason.slice(0, 4000), rejected_at: chTime(at) })),
  );
}

export interface PollLogRow {
  source_id: string;
  source_type: string;
  started_at: Date;
  finished_at: Date;
  status: 'ok' | 'error';
  error: string;
  fetched: number;
  stored: number;
  duplicates: number;
  rejected: number;
  newest_item_at?: Date;
}

export async function logPoll(client: ClickHouseClient, row: PollLogRow): Promise<void> {
  await insertRows(client, 'log poll', 'source_polls', [
    {
      ...row,
      started_at: chTime(row.started_at),
      finished_at: chTime(row.finished_at),
      newest_item_at: chTime(row.newest_item_at ?? 0),
      error: row.error.slice(0, 4000),
    },
  ]);
}
