// The migration runner: rule placeholders, checksums of applied migrations, edited migrations refused.
import { mkdtempSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isNegative, NEGATIVE_SQL } from '../../../lib/analysis/negative.js';
import { migrate, readMigrations, renderRules, SQL_DIR } from '../../../lib/store/migrations.js';
import { createTestStore } from '../../helpers/store.js';

describe('migrations', () => {
  it('render the rollup rule exactly as installs before the placeholders applied it (same checksum)', () => {
    const mv = readMigrations().find((m) => m.version === 3)!;
    expect(mv.sql).not.toContain('{{');
    expect(mv.sql).toContain("countIf(sentiment = 'negative' OR rating IN (1, 2)) AS negative");
    // sha256 of sql/0003 as released before this runner; an upgrade must not see it as edited.
    expect(mv.checksum).toBe('c17b94bb3bd3bdb89dd02927fc19814b78ff8865329eb4693652d05fdba73bf1');
  });

  it('refuse an unknown placeholder, naming the file', () => {
    expect(() => renderRules('SELECT {{NOPE}}', '0099_x.sql')).toThrow(/0099_x\.sql: unknown placeholder \{\{NOPE\}\}/);
  });

  it('stop with the migration names when an applied migration was edited, and skip unchanged ones', async () => {
    const store = await createTestStore();
    await store.reset();
    // The store is migrated from sql/; a copy with one edited file must be refused.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'brand-pulse-sql-'));
    cpSync(SQL_DIR, dir, { recursive: true });
    expect((await migrate(store.client, dir)).applied).toEqual([]);
    const file = path.join(dir, '0005_create_rejects.sql');
    writeFileSync(file, readFileSync(file, 'utf8').replace('CREATE TABLE', 'CREATE TABLE  '));
    await expect(migrate(store.client, dir)).rejects.toThrow(/applied migrations were edited since they ran: 0005_create_rejects/);
  });

  it('SQL and TypeScript agree on what is negative', async () => {
    const store = await createTestStore();
    const cases = [
      { sentiment: 'negative', rating: 0 }, { sentiment: 'neutral', rating: 1 }, { sentiment: 'positive', rating: 2 },
      { sentiment: 'positive', rating: 3 }, { sentiment: 'neutral', rating: 0 }, { sentiment: 'negative', rating: 5 },
    ] as const;
    for (const c of cases) {
      const [row] = await store.rows<{ n: number }>(
        `SELECT toUInt8(${NEGATIVE_SQL}) AS n FROM (SELECT {s:String} AS sentiment, {r:UInt8} AS rating)`,
        { s: c.sentiment, r: c.rating },
      );
      expect(Number(row.n), JSON.stringify(c)).toBe(isNegative({ sentiment: c.sentiment, rating: c.rating || undefined }) ? 1 : 0);
    }
  });
});
