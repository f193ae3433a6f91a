// The migration runner: rule placeholders, checksums of applied migrations, edited migrations refused.
import { mkdtempSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isNegative, NEGATIVE_SQL } from '../../../lib/analysis/negative.js';
import { QUEUE_STATE_SQL, stateOf, type PersonPart } from '../../../lib/care/queue-rules.js';
import { itemsOf } from '../../../lib/store/queue-items.js';
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

  it('SQL and TypeScript agree on the reply queue state', async () => {
    const store = await createTestStore();
    const people: PersonPart['state'][] = ['open', 'assigned', 'dismissed'];
    for (const person_state of people) {
      for (const [has_response, last] of [[0, 0], [1, 500], [1, 1000], [1, 1500]]) {
        const [row] = await store.rows<{ s: string }>(
          `SELECT ${QUEUE_STATE_SQL} AS s FROM (SELECT {p:String} AS person_state, fromUnixTimestamp64Milli(toInt64(1000), 'UTC') AS person_open_since,
             {h:UInt8} AS has_response, fromUnixTimestamp64Milli(toInt64({l:Int64}), 'UTC') AS last_response_at)`,
          { p: person_state, h: has_response, l: last },
        );
        expect(row.s, `${person_state} ${has_response} ${last}`).toBe(stateOf({ state: person_state, assignee: '', open_since: 1000 }, { has_response: has_response === 1, last_response_at: last }));
      }
    }
  });

  it("reply queue items stored before people's part (sql/0070-0072) keep their state, assignee and answer", async () => {
    const store = await createTestStore();
    await store.reset();
    const t = (m: number) => `2026-11-20 10:${String(m).padStart(2, '0')}:00.000`;
    // Rows as written before sql/0070: no last_response_at, no people's part; state as the old code left it.
    const legacy = [
      { id: '1', state: 'open', assignee: '', open_since: t(0), has_response: 0, first: t(0), resp: '' },
      { id: '2', state: 'assigned', assignee: 'Noa', open_since: t(0), has_response: 0, first: t(0), resp: '' },
      { id: '3', state: 'answered', assignee: '', open_since: t(0), has_response: 1, first: t(10), resp: 'x:30' },
      { id: '4', state: 'answered', assignee: 'Dana', open_since: t(0), has_response: 1, first: t(12), resp: 'x:40' },
      { id: '5', state: 'dismissed', assignee: '', open_since: t(0), has_response: 1, first: t(5), resp: 'x:50' },
      { id: '6', state: 'open', assignee: '', open_since: t(30), has_response: 1, first: t(5), resp: 'x:60' }, // reopened after its answer
      { id: '7', state: 'answered', assignee: '', open_since: t(30), has_response: 1, first: t(5), resp: 'x:70' }, // reopened, answered again
    ];
    await store.client.insert({
      table: 'reply_queue',
      format: 'JSONEachRow',
      values: legacy.map((r) => ({
        brand: 'acme', platform: 'x', external_id: r.id, mention_id: `x:${r.id}`, source_id: 's', thread_id: `x:${r.id}`, created_at: t(0),
        state: r.state, assignee: r.assignee, open_since: r.open_since, has_response: r.has_response, first_response_at: r.first,
        response_mention_id: r.resp, updated_at: t(40), version: 3,
      })),
    });
    await store.client.command({ query: readMigrations().find((m) => m.version === 72)!.sql });
    await store.client.command({ query: readMigrations().find((m) => m.version === 72)!.sql }); // a repeated run adds nothing
    expect(await store.rows('SELECT count() AS n FROM reply_queue_people')).toEqual([{ n: legacy.length }]);
    const shown = await store.rows<{ mention_id: string; state: string; assignee: string; response_mention_id: string | null }>(
      'SELECT mention_id, state, assignee, response_mention_id FROM v_queue ORDER BY mention_id',
    );
    expect(shown).toEqual(legacy.map((r) => ({ mention_id: `x:${r.id}`, state: r.state, assignee: r.assignee, response_mention_id: r.has_response ? r.resp : null })));
    for (const r of legacy) expect((await itemsOf(store.client, `x:${r.id}`))[0], r.id).toMatchObject({ state: r.state, assignee: r.assignee, person_version: 1 });
  });
});
