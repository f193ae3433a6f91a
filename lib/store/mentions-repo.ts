// Stores mention rows exactly once. Rows whose (brand, platform, external_id) is already
// stored are skipped before the insert, so a retried or re-run poll neither duplicates a
// row nor double-counts the rollup that the materialized view feeds from each insert.
import type { ClickHouseClient } from '@clickhouse/client';
import { insertRows, queryRows } from './clickhouse.js';
import type { MentionRow } from './mention-rows.js';

const keyOf = (r: { brand: string; platform: string; external_id: string }) => `${r.brand}\u0000${r.platform}\u0000${r.external_id}`;

export async function existingKeys(client: ClickHouseClient, rows: MentionRow[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const found = await queryRows<{ brand: string; platform: string; external_id: string }>(
    client,
    'find already stored mentions',
    `SELECT brand, platform, external_id FROM mentions
     WHERE brand IN {brands:Array(String)} AND platform IN {platforms:Array(String)} AND external_id IN {ids:Array(String)}`,
    {
      brands: [...new Set(rows.map((r) => r.brand))],
      platforms: [...new Set(rows.map((r) => r.platform))],
      ids: [...new Set(rows.map((r) => r.external_id))],
    },
  );
  return new Set(found.map(keyOf));
}

/** Inserts the rows not stored yet; returns how many were new and how many were duplicates. */
export async function storeNewMentions(client: ClickHouseClient, rows: MentionRow[]): Promise<{ stored: number; duplicates: number }> {
  const seen = await existingKeys(client, rows);
  const fresh: MentionRow[] = [];
  for (const r of rows) {
    const k = keyOf(r);
    if (seen.has(k)) continue;
    seen.add(k); // also drops repeats inside the batch
    fresh.push(r);
  }
  await insertRows(client, 'store mentions', 'mentions', fresh);
  return { stored: fresh.length, duplicates: rows.length - fresh.length };
}
