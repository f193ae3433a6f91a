// The embedded ClickHouse (chdb) for a test file, in a temporary folder, migrated. chdb allows
// one data folder per process, so every test in a file shares it: `reset()` empties the tables.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import { beforeAll } from 'vitest';
import { createStore, queryRows } from '../../lib/store/clickhouse.js';
import { migrate } from '../../lib/store/migrations.js';

export interface TestStore {
  client: ClickHouseClient;
  dir: string;
  rows<T>(sql: string, params?: Record<string, unknown>): Promise<T[]>;
  /** Empties every table (the schema stays). */
  reset(): Promise<void>;
}

let shared: Promise<TestStore> | undefined;

/** Folders are named `<PREFIX><pid>-<random>`: a worker's folder outlives its test file, and is removed by a later run. */
const PREFIX = 'brand-pulse-ch-';

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function removeFoldersOfEndedProcesses(): void {
  for (const name of readdirSync(os.tmpdir())) {
    const pid = Number(name.slice(PREFIX.length).split('-')[0]);
    if (name.startsWith(PREFIX) && Number.isInteger(pid) && pid > 0 && !isRunning(pid)) {
      rmSync(path.join(os.tmpdir(), name), { recursive: true, force: true });
    }
  }
}

export function createTestStore(): Promise<TestStore> {
  shared ??= (async () => {
    removeFoldersOfEndedProcesses();
    const dir = mkdtempSync(path.join(os.tmpdir(), `${PREFIX}${process.pid}-`));
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

/**
 * The test store for the enclosing describe block (or file), opened in `beforeAll`; the handle
 * forwards to it. It is the file's one store: rows written by earlier blocks stay, so filter by
 * source or brand, or `reset()`.
 */
export function useTestStore(): TestStore {
  let store: TestStore | undefined;
  beforeAll(async () => {
    store = await createTestStore();
  });
  const open = (): TestStore => {
    if (!store) throw new Error('the test store is not open yet (use it inside a test or a later hook)');
    return store;
  };
  return {
    get client() {
      return open().client;
    },
    get dir() {
      return open().dir;
    },
    rows: <T>(sql: string, params?: Record<string, unknown>) => open().rows<T>(sql, params),
    reset: () => open().reset(),
  };
}
