// Storing mention rows: exactly once under concurrency, never sunk by one row ClickHouse refuses,
// within the partitions-per-insert limit, failing whole (to be retried) on anything else, and
// correcting the rollup of rows a crashed insert left behind.
import type { ClickHouseClient } from '@clickhouse/client';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { chTime } from '../../../lib/store/clickhouse.js';
import { storeRejects } from '../../../lib/store/log-repo.js';
import { storeNewMentions } from '../../../lib/store/mentions-repo.js';
import { rollupDifferences } from '../../../lib/store/rollup-repo.js';
import { crashWhenArmed } from '../../helpers/crash.js';
import { useTestStore } from '../../helpers/store.js';
import { mentionRow } from './rows.js';

const everything = { from: 0, to: Date.parse('2100-01-01T00:00:00Z') };

describe('storeNewMentions', () => {
  const store = useTestStore();
  const ids = async () => (await store.rows<{ external_id: string }>('SELECT external_id FROM mentions ORDER BY toUInt64(external_id)')).map((r) => Number(r.external_id));

  it('stores the good rows and returns the ones ClickHouse refuses, with its reason', async () => {
    await store.reset();
    const rows = Array.from({ length: 40 }, (_, n) => mentionRow(n));
    rows[7] = mentionRow(7, { likes: -1 }); // what validation would have refused
    rows[23] = mentionRow(23, { created_at: '+275760-09-13 00:00:00.000' }); // beyond DateTime64
    const r = await storeNewMentions(store.client, rows);
    expect(r.stored).toBe(38);
    const byId = [...r.refused].sort((a, b) => Number(a.row.external_id) - Number(b.row.external_id));
    expect(byId.map((x) => [x.row.external_id, x.reason.split(':')[0]])).toEqual([
      ['7', 'CANNOT_PARSE_NUMBER'],
      ['23', 'CANNOT_PARSE_DATETIME'],
    ]);
    expect(byId[0].reason).toBe("CANNOT_PARSE_NUMBER: Unsigned type must not contain '-' symbol: (while reading the value of key likes)");
    expect(await ids()).toEqual(Array.from({ length: 40 }, (_, n) => n).filter((n) => n !== 7 && n !== 23));
    expect(await rollupDifferences(store.client, everything)).toEqual([]);
  });

  it('stores a batch spanning 150 months (more partitions than one insert may touch)', async () => {
    await store.reset();
    const rows = Array.from({ length: 300 }, (_, n) => mentionRow(n, { created_at: chTime(Date.UTC(2014, n % 150, 3)) }));
    const r = await storeNewMentions(store.client, rows);
    expect(r).toMatchObject({ stored: 300, refused: [] });
    const [months] = await store.rows<{ n: string }>('SELECT uniqExact(toYYYYMM(created_at)) AS n FROM mentions');
    expect(Number(months.n)).toBe(150);
    expect(await rollupDifferences(store.client, everything)).toEqual([]);
  });

  it('fails whole on an error that is not about the rows (retried later, nothing refused)', async () => {
    await store.reset();
    const flaky = crashWhenArmed(store.client, 'mentions', 'connect ECONNREFUSED 127.0.0.1:8123');
    flaky.arm();
    await expect(storeNewMentions(flaky.client, [mentionRow(1), mentionRow(2)])).rejects.toThrow(/ECONNREFUSED/);
    expect(await ids()).toEqual([]);
    expect(await storeNewMentions(flaky.client, [mentionRow(1), mentionRow(2)])).toMatchObject({ stored: 2, refused: [] });
  });

  it('stores an id once when concurrent calls carry it, and lets the others through', async () => {
    await store.reset();
    // Inserts that take a round trip (as to a server): calls that each looked, then wrote, side by
    // side, would store shared ids twice.
    const slow = new Proxy(store.client, {
      get(target, prop) {
        const v = Reflect.get(target, prop);
        if (prop === 'insert') return async (args: Parameters<ClickHouseClient['insert']>[0]) => (await sleep(30), target.insert(args));
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    // 20 calls at once, each with 10 ids; every id is in 4 of them.
    const calls = Array.from({ length: 20 }, (_, c) => Array.from({ length: 10 }, (_, i) => mentionRow((c * 10 + i) % 50)));
    const results = await Promise.all(calls.map((rows) => storeNewMentions(slow, rows)));
    expect(results.reduce((n, r) => n + r.stored, 0)).toBe(50);
    expect(results.reduce((n, r) => n + r.duplicates, 0)).toBe(150);
    const [counts] = await store.rows<{ n: string; ids: string }>('SELECT count() AS n, uniqExact(external_id) AS ids FROM mentions');
    expect([Number(counts.n), Number(counts.ids)]).toEqual([50, 50]);
    expect(await rollupDifferences(store.client, everything)).toEqual([]);
  });

  it('corrects the rollup of rows a crashed insert stored without their rollup share, when the retry finds them', async () => {
    await store.reset();
    // A brand of its own: minutes this process has not checked yet, as after a restart.
    const batch = Array.from({ length: 30 }, (_, n) => mentionRow(n, { brand: 'acme-retry' }));
    // The crash: the mentions part committed, the view's part did not.
    await store.client.command({ query: 'DETACH TABLE mention_rollup_1m_mv' });
    try {
      await storeNewMentions(store.client, batch.slice(0, 20));
    } finally {
      await store.client.command({ query: 'ATTACH TABLE mention_rollup_1m_mv' });
    }
    expect((await rollupDifferences(store.client, everything)).length).toBeGreaterThan(0);
    const retry = await storeNewMentions(store.client, batch);
    expect(retry).toMatchObject({ stored: 10, duplicates: 20 });
    expect(retry.repaired.reduce((n, d) => n + d.changes.mentions!.expected - d.changes.mentions!.found, 0)).toBe(20);
    expect(await rollupDifferences(store.client, everything)).toEqual([]);
    const [sum] = await store.rows<{ n: string }>("SELECT sum(mentions) AS n FROM mention_rollup_1m WHERE brand = 'acme-retry'");
    expect(Number(sum.n)).toBe(30);
    // A minute is checked once: the next retry checks only the minutes of rows 20-29 (nothing to
    // correct), the one after compares nothing.
    expect((await storeNewMentions(store.client, batch)).repaired).toEqual([]);
    const rollupQueries: string[] = [];
    const watched = new Proxy(store.client, {
      get(target, prop) {
        const v = Reflect.get(target, prop);
        if (prop === 'query') return (args: { query: string }) => (/mention_rollup_1m/.test(args.query) && rollupQueries.push(args.query), target.query(args as never));
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    expect(await storeNewMentions(watched, batch)).toMatchObject({ stored: 0, duplicates: 30, repaired: [] });
    expect(rollupQueries).toEqual([]);
  });
});

describe('insertRows', () => {
  const store = useTestStore();

  it('makes every string well-formed, so a reject quoting a cut emoji is still written', async () => {
    await store.reset();
    // storeRejects keeps the first 64 KiB of the raw item: here the cut falls inside an emoji.
    const raw = `${'x'.repeat(64 * 1024 - 1)}😀`;
    await storeRejects(store.client, [{ source_id: 'cut', stage: 'parse', reason: 'broken id \udc00', raw }]);
    const [row] = await store.rows<{ reason: string; tail: string }>("SELECT reason, substring(raw, length(raw) - 2) AS tail FROM rejects WHERE source_id = 'cut'");
    expect(row.reason).toBe('broken id \ufffd');
    expect(row.tail).toBe('\ufffd');
  });
});

