// `npm run sql` as an analyst runs it: a query file or stdin, parameters in clickhouse-client
// form, on an embedded store of its own (migrated by the CLI, so the views exist). Read-only:
// a query that writes is refused by ClickHouse. Misused parameters are usage errors (exit 2).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readAnalystQueries } from '../docs/analyst-queries.js';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'sql-cli-'));
const dataDir = path.join(dir, 'data');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sql = (args: string[], input?: string) => runCli('scripts/sql.ts', ['--data-dir', dataDir, ...args], { input, timeoutMs: 90_000 });

describe('npm run sql', () => {
  it('binds --param_<name>=<value> into {name:Type} and prints the result', () => {
    const r = sql(['--param_n=41', '--param_brand=it\'s', '--format', 'TabSeparatedWithNames'], "SELECT {n:UInt8} + 1 AS answer, {brand:String} AS brand, count() AS rows FROM v_mentions WHERE brand = {brand:String}");
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("answer\tbrand\trows\n42\tit\\'s\t0\n");
  });

  it('runs a query of docs/analyst-sql.md from a file', () => {
    const q = readAnalystQueries().find((x) => x.number === 10)!;
    const file = path.join(dir, 'q10.sql');
    writeFileSync(file, `${q.sql};\n`);
    const r = sql(['--format', 'JSONEachRow', file]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(''); // an empty store: no source yet
  });

  it('refuses a query that writes (exit 1), and says so', () => {
    const r = sql([], "INSERT INTO rejects (source_id, stage, reason, raw, rejected_at) VALUES ('x', 'parse', 'r', '', now())");
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^sql: .*readonly/);
  });

  it('a parameter the query does not declare, or a malformed one, is bad usage (exit 2)', () => {
    const unused = sql(['--param_brand=x'], 'SELECT 1');
    expect(unused.status).toBe(2);
    expect(unused.stderr).toMatch(/--param_brand is not used by the query/);
    const malformed = sql(['--param_brand'], 'SELECT {brand:String}');
    expect(malformed.status).toBe(2);
    expect(malformed.stderr).toMatch(/"--param_brand" is not --param_<name>=<value>/);
    expect(sql([], '  ').stderr).toMatch(/no query in standard input/);
  });
});
