// The embedded ClickHouse (chdb) for a test file, in a temporary folder, migrated. chdb allows
// one data folder per process, so every test in a file shares it: `reset()` empties the tables.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import { createStore, queryRows } from '../../activities/store/clickhouse.js';
import { migrate } from '../../activities/store/migrations.js';

export interface TestStore {
  client: ClickHouseClient;
  dir: string;
  rows<T>(sql: string, params?: Record<string, unknown>): Promise<T[]>;
  /** Empties every table (the schema stays). */
  reset(): Promise<void>;
}

let shared: Promise<TestStore> | undefined;

export function createTestStore(): Promise<TestStore> {
  shared ??= (async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'brand-pulse-ch-'));
    const { client } = createStore({ dataDir: dir });
    await migrate(client);
    const rows = <T>(sql: string, params: Record<string, unknown> = {}) => queryRows<T>(client, 'test query', sql, params);
    return {
      client,
      dir,
      rows,
      async reset() {
        const tables = await rows<{ name: string }>(
          "SELECT name FROM system.tables WHERE database = currentDatabase() AND engine LIKE '%MergeTree%' AND name != 'schema_migrations'",
        );
        for (const t of tables) await client.command({ query: `TRUNCATE TABLE IF EXISTS ${t.name}` });
      },
    };
  })();
  return shared;
}
