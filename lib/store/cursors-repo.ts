// Durable per-source cursors (JSON), written only after what they follow is stored.
import type { ClickHouseClient } from '@clickhouse/client';
import { chTime, insertRows, queryRows } from './clickhouse.js';

export async function loadCursor<T = Record<string, unknown>>(client: ClickHouseClient, sourceId: string): Promise<T | undefined> {
  const rows = await queryRows<{ cursor: string }>(
    client,
    `load cursor of ${sourceId}`,
    'SELECT argMax(cursor, updated_at) AS cursor FROM source_cursors WHERE source_id = {id:String} GROUP BY source_id',
    { id: sourceId },
  );
  return rows.length ? (JSON.parse(rows[0].cursor) as T) : undefined;
}

let lastVersion = 0;

/**
 * The version (updated_at) is the wall clock, strictly increasing within the process, so two
 * saves in the same millisecond (or under an injected test clock) still order correctly.
 */
export async function saveCursor(client: ClickHouseClient, sourceId: string, cursor: unknown): Promise<void> {
  lastVersion = Math.max(Date.now(), lastVersion + 1);
  await insertRows(client, `save cursor of ${sourceId}`, 'source_cursors', [
    { source_id: sourceId, cursor: JSON.stringify(cursor), updated_at: chTime(lastVersion) },
  ]);
}
