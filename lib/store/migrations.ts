// Applies sql/NNNN_name.sql in order, one statement per file, and records each version.
// Idempotent: every statement is IF NOT EXISTS and applied versions are skipped.
import type { ClickHouseClient } from '@clickhouse/client';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chTime, insertRows, queryRows } from './clickhouse.js';

export const SQL_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../sql');

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(dir = SQL_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .sort()
    .map((f) => {
      const sql = readFileSync(path.join(dir, f), 'utf8').trim().replace(/;\s*$/, '');
      return { version: Number(f.slice(0, 4)), name: f.replace(/\.sql$/, ''), sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

export async function migrate(client: ClickHouseClient, dir = SQL_DIR): Promise<{ applied: string[] }> {
  await client.command({
    query: `CREATE TABLE IF NOT EXISTS schema_migrations
      (version UInt32, name String, checksum String, applied_at DateTime64(3, 'UTC'))
      ENGINE = ReplacingMergeTree(applied_at) ORDER BY version`,
  });
  const done = new Set(
    (await queryRows<{ version: number }>(client, 'read applied migrations', 'SELECT version FROM schema_migrations FINAL')).map((r) =>
      Number(r.version),
    ),
  );
  const applied: string[] = [];
  for (const m of readMigrations(dir)) {
    if (done.has(m.version)) continue;
    try {
      await client.command({ query: m.sql });
    } catch (e) {
      throw new Error(`migration ${m.name} failed: ${(e as Error).message}`);
    }
    await insertRows(client, 'record migration', 'schema_migrations', [
      { version: m.version, name: m.name, checksum: m.checksum, applied_at: chTime(Date.now()) },
    ]);
    applied.push(m.name);
  }
  return { applied };
}
