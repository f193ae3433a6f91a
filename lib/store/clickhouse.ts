// One way to reach ClickHouse: HTTP to a server when CLICKHOUSE_URL is set, else the
// embedded chdb engine persisted under the data folder. Same client API, same SQL.
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { isWellFormed, wellFormedString } from '../mention/well-formed.js';

export interface ClickHouseOptions {
  /** HTTP URL of a ClickHouse server (with credentials in CLICKHOUSE_USER / CLICKHOUSE_PASSWORD). */
  url?: string;
  /** Folder for the embedded engine's files (used when no url is given). */
  dataDir: string;
  database?: string;
}

type ClientConnection = NonNullable<Parameters<typeof createClient>[0]> extends { connection?: infer C } ? C : never;

export function createStore(opts: ClickHouseOptions): { client: ClickHouseClient; describe: string } {
  if (opts.url) {
    const client = createClient({
      url: opts.url,
      username: process.env.CLICKHOUSE_USER,
      password: process.env.CLICKHOUSE_PASSWORD,
      database: opts.database ?? process.env.CLICKHOUSE_DATABASE,
      clickhouse_settings: { date_time_input_format: 'best_effort' },
    });
    const u = new URL(opts.url);
    return { client, describe: `ClickHouse server at ${u.origin}` };
  }
  const dir = path.resolve(opts.dataDir, 'clickhouse');
  mkdirSync(dir, { recursive: true });
  const client = createClient({
    // chdb types its connection against @clickhouse/client-common; the runtime contract is the same.
    connection: createChdbConnection({ path: dir }) as unknown as ClientConnection,
    clickhouse_settings: { date_time_input_format: 'best_effort' },
  });
  return { client, describe: `embedded ClickHouse (chdb) in ${dir}` };
}

/** Runs a query and returns its rows; errors say what the query was for. */
export async function queryRows<T>(
  client: ClickHouseClient,
  purpose: string,
  query: string,
  query_params: Record<string, unknown> = {},
): Promise<T[]> {
  try {
    const rs = await client.query({ query, query_params, format: 'JSONEachRow' });
    return (await rs.json()) as T[];
  } catch (e) {
    throw new Error(`ClickHouse query failed (${purpose}): ${(e as Error).message}`);
  }
}

/** Whether the current database has a table or view of this name (a store nothing has migrated has none). */
export async function tableExists(client: ClickHouseClient, name: string): Promise<boolean> {
  const rows = await queryRows<{ n: string }>(client, `find ${name}`, 'SELECT count() AS n FROM system.tables WHERE database = currentDatabase() AND name = {name:String}', { name });
  return Number(rows[0]?.n ?? 0) > 0;
}

/**
 * Inserts rows (flat objects, JSONEachRow). Every string is made well-formed first: a lone
 * surrogate (from a provider, or a `slice` through an emoji) would make ClickHouse refuse the
 * whole insert, and a reject or a log line must never fail for the text it quotes.
 */
export async function insertRows(client: ClickHouseClient, purpose: string, table: string, values: object[]): Promise<void> {
  if (values.length === 0) return;
  try {
    await client.insert({ table, values: values.map(wellFormedRow), format: 'JSONEachRow' });
  } catch (e) {
    throw new Error(`ClickHouse insert failed (${purpose}, ${values.length} rows into ${table}): ${(e as Error).message}`, { cause: e });
  }
}

function wellFormedRow(row: object): object {
  const entries = Object.entries(row);
  if (!entries.some(([, v]) => typeof v === 'string' && !isWellFormed(v))) return row;
  return Object.fromEntries(entries.map(([k, v]) => [k, typeof v === 'string' ? wellFormedString(v) : v]));
}

/** ClickHouse DateTime64 text for JSONEachRow inserts. */
export function chTime(d: Date | number | string): string {
  return new Date(d).toISOString().replace('T', ' ').replace('Z', '');
}

/** Parses a DateTime64 the server returned ("2026-11-22 10:00:00.000", UTC). */
export function fromChTime(s: string): Date {
  return new Date(s.includes('T') ? s : `${s.replace(' ', 'T')}Z`);
}
