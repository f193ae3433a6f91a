// The rollup against its definition: the store's derivation equals the materialized view's, and
// every kind of drift (a share that never committed, one counted twice, a minute with no
// mentions) is found and corrected; authors counted without a mention only by a rebuild.
import { describe, expect, it } from 'vitest';
import { rebuildRollup, repairRollup, storeNewMentions } from '../../../lib/store/mentions-repo.js';
import { rollupDifferences } from '../../../lib/store/rollup-repo.js';
import { chTime } from '../../../lib/store/clickhouse.js';
import { useTestStore } from '../../helpers/store.js';
import { mentionRow, T0 } from './rows.js';

const everything = { from: 0, to: T0 + 30 * 86_400_000 };

describe('rollup repair', () => {
  const store = useTestStore();

  it('derives exactly what the materialized view adds up (every measure, every rating and sentiment)', async () => {
    await store.reset();
    const r = await storeNewMentions(store.client, Array.from({ length: 400 }, (_, n) => mentionRow(n)));
    expect(r.stored).toBe(400);
    expect(await rollupDifferences(store.client, everything)).toEqual([]);
  });

  it("counts only chatter: the brand's own posts stay in mentions, not in the rollup, and the derivation agrees", async () => {
    await store.reset();
    const rows = Array.from({ length: 40 }, (_, n) => mentionRow(n, n % 4 === 0 ? { author_owned: 1, sentiment: 'negative' } : {}));
    expect((await storeNewMentions(store.client, rows)).stored).toBe(40);
    const [stored] = await store.rows<{ n: string; own: string }>('SELECT count() AS n, countIf(author_owned = 1) AS own FROM mentions FINAL');
    expect([Number(stored.n), Number(stored.own)]).toEqual([40, 10]);
    const [rolled] = await store.rows<{ n: string }>('SELECT sum(mentions) AS n FROM mention_rollup_1m');
    expect(Number(rolled.n)).toBe(30);
    expect(await rollupDifferences(store.client, everything)).toEqual([]);
  });

  it('finds and corrects a share that never committed, one counted twice, and a minute with no mentions', async () => {
    await store.reset();
    await storeNewMentions(store.client, Array.from({ length: 60 }, (_, n) => mentionRow(n)));
    // The state a crash leaves: mentions committed, the view's part not.
    await store.client.command({ query: 'DETACH TABLE mention_rollup_1m_mv' });
    try {
      await storeNewMentions(store.client, [mentionRow(1000, { created_at: chTime(T0) }), mentionRow(1001, { created_at: chTime(T0 + 1000) })]);
    } finally {
      await store.client.command({ query: 'ATTACH TABLE mention_rollup_1m_mv' });
    }
    // A minute counted twice, and one the rollup has but mentions does not.
    await store.client.command({ query: `INSERT INTO mention_rollup_1m SELECT * FROM mention_rollup_1m WHERE minute = toDateTime('${chTime(T0 + 120_000).slice(0, 16)}:00', 'UTC')` });
    await store.client.command({
      query: `INSERT INTO mention_rollup_1m (brand, platform, lang, minute, mentions, negative, reach)
              VALUES ('acme', 'forum', 'en', toDateTime('${chTime(T0 + 20 * 86_400_000).slice(0, 16)}:00', 'UTC'), 4, 1, 10)`,
    });

    const found = await rollupDifferences(store.client, everything);
    const at = (t: number) => found.filter((d) => d.minute === Math.floor(t / 60_000) * 60_000);
    // Minute T0 holds rows 0 (appstore, fr), 1, 2 (forum, en), 3 (forum, fr), and the two the view missed.
    expect(at(T0).map((d) => [d.platform, d.lang, d.changes.mentions])).toEqual([
      ['appstore', 'en', { expected: 1, found: 0 }], // row 1000
      ['forum', 'en', { expected: 3, found: 2 }], // row 1001
    ]);
    expect(at(T0 + 120_000).length).toBeGreaterThan(0);
    expect(at(T0 + 120_000).every((d) => d.changes.mentions!.found === 2 * d.changes.mentions!.expected)).toBe(true);
    expect(at(T0 + 20 * 86_400_000)).toEqual([
      expect.objectContaining({ changes: { mentions: { expected: 0, found: 4 }, negative: { expected: 0, found: 1 }, reach: { expected: 0, found: 10 } }, extraAuthors: false }),
    ]);

    const repaired = await repairRollup(store.client, everything);
    expect(repaired).toEqual(found);
    expect(await rollupDifferences(store.client, everything)).toEqual([]);
    // Readers see the sums of the true rows.
    const [sums] = await store.rows<{ n: string }>('SELECT sum(mentions) AS n FROM mention_rollup_1m');
    expect(Number(sums.n)).toBe(62);
  });

  it('reports authors counted without a mention, which a rebuild removes', async () => {
    await store.reset();
    await storeNewMentions(store.client, [mentionRow(3)]);
    const minute = `toDateTime('${chTime(T0 + 3 * 17_000).slice(0, 16)}:00', 'UTC')`;
    await store.client.command({
      query: `INSERT INTO mention_rollup_1m (brand, platform, lang, minute, mentions, authors)
              SELECT 'acme', 'forum', 'fr', ${minute}, 1, uniqState('forum:ghost')`,
    });
    await repairRollup(store.client, everything);
    const left = await rollupDifferences(store.client, everything);
    expect(left).toEqual([expect.objectContaining({ platform: 'forum', lang: 'fr', extraAuthors: true, changes: { authors: { expected: 1, found: 2 } } })]);
    expect((await rebuildRollup(store.client, everything)).length).toBe(1);
    expect(await rollupDifferences(store.client, everything)).toEqual([]);
  });
});
