// Applies sql/NNNN_name.sql in order, one statement per file, and records each version with
// the checksum of what ran. Idempotent: every statement is IF NOT EXISTS and applied versions
// are skipped; an applied migration whose text has changed since is an error, not a silent skip.
// `{{NAME}}` placeholders are business rules filled in from their one TypeScript definition.
import type { ClickHouseClient } from '@clickhouse/client';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHATTER_RULES } from '../analysis/chatter.js';
import { SQL_RULES as NEGATIVE_RULES } from '../analysis/negative.js';
import { QUEUE_RULES } from '../care/queue-rules.js';
import { chTime, insertRows, queryRows } from './clickhouse.js';

/** Every business rule a migration may name. */
const SQL_RULES: Record<string, string> = { ...NEGATIVE_RULES, ...CHATTER_RULES, ...QUEUE_RULES };

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
      const sql = renderRules(readFileSync(path.join(dir, f), 'utf8').trim().replace(/;\s*$/, ''), f);
      return { version: Number(f.slice(0, 4)), name: f.replace(/\.sql$/, ''), sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

/** Fills `{{NAME}}` from SQL_RULES; an unknown name is an error naming the file. */
export function renderRules(sql: string, file: string): string {
  return sql.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const rule = SQL_RULES[name];
    if (rule === undefined) throw new Error(`migration ${file}: unknown placeholder {{${name}}} (known: ${Object.keys(SQL_RULES).join(', ')})`);
    return rule;
  });
}

export class MigrationChangedError extends Error {}

export async function migrate(client: ClickHouseClient, dir = SQL_DIR): Promise<{ applied: string[] }> {
  await client.command({
    query: `CREATE TABLE IF NOT EXISTS schema_migrations
      (version UInt32, name String, checksum String, applied_at DateTime64(3, 'UTC'))
      ENGINE = ReplacingMergeTree(applied_at) ORDER BY version`,
  });
  const done = new Map(
    (await queryRows<{ version: number; checksum: string }>(client, 'read applied migrations', 'SELECT version, checksum FROM schema_migrations FINAL')).map(
      (r) => [Number(r.version), r.checksum],
    ),
  );
  const migrations = readMigrations(dir);
  const changed = migrations.filter((m) => done.has(m.version) && done.get(m.version) !== m.checksum);
  if (changed.length) {
    throw new MigrationChangedError(
      `applied migrations were edited since they ran: ${changed.map((m) => m.name).join(', ')}. ` +
        'An applied migration must not change; add a new numbered migration instead (or restore the file).',
    );
  }
  const applied: string[] = [];
  for (const m of migrations) {
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
