// The reply queue through the store step (storeBatch) on embedded ClickHouse: items opened by
// mentions that need a reply, answered by the brand's own replies directly, up the thread and in
// the thread, whatever the arrival order, and unchanged by a retried batch; the tick's sweep
// (a reply whose sync missed its item's); v_queue's columns.
import { beforeEach, describe, expect, it } from 'vitest';
import { compileBrandMatchers } from '../../../lib/analysis/brand-match.js';
import { compileOwnedAccounts } from '../../../lib/care/owned-accounts.js';
import { parseConfig } from '../../../lib/config/load.js';
import { storeBatch, type BatchContext } from '../../../lib/pipeline/store-batch.js';
import { applyAction, withResponses } from '../../../lib/care/queue-rules.js';
import { itemsOf, writeItems, writePeopleDecisions } from '../../../lib/store/queue-items.js';
import { actOnItem, listQueue, queueSummary, resyncOwnedReplies } from '../../../lib/store/queue-repo.js';
import { SETTLE_MS, sweepQueue } from '../../../lib/pipeline/queue-sweep.js';
import { readMigrations } from '../../../lib/store/migrations.js';
import { leaveUnanswered } from '../../helpers/queue.js';
import { useTestStore } from '../../helpers/store.js';

const config = parseConfig(
  `
brands:
  - id: acme
    name: Acme
    queries: [acme]
    owned: { x: ["@AcmeCare"], mastodon: ["@care@acme.social"] }
    competitors: [{ id: zeta, name: Zeta, queries: [zeta] }]
sources:
  - id: s
    type: replay
    path: x.jsonl
`,
  'queue.yaml',
);
const ctx = (at: string): BatchContext => ({
  sourceId: 's',
  matchers: compileBrandMatchers(config.brands),
  owned: compileOwnedAccounts(config.brands),
  fetchedAt: new Date(at),
});
const FETCHED = '2026-11-20T12:00:00Z';

const complaint = (id: string, at: string, extra: object = {}) => ({
  id: `x:${id}`, platform: 'x', text: 'Acme my card was declined twice, can you help?', created_at: at,
  author: { id: `u${id}`, name: `customer${id}`, followers: 3 }, thread_id: `x:${id}`, ...extra,
});
const ownedReply = (id: string, at: string, inReplyTo: string, thread: string) => ({
  id: `x:${id}`, platform: 'x', text: 'Sorry about that, please DM us and we will sort it out.', created_at: at,
  author: { id: '900', name: 'AcmeCare', followers: 5000 }, in_reply_to: inReplyTo, thread_id: thread,
});

describe('reply queue in the store step', () => {
  const store = useTestStore();
  beforeEach(() => store.reset());
  const queue = () => listQueue(store.client);

  it('opens an item for a mention that needs a reply, and a direct owned reply answers it with its response time', async () => {
    await storeBatch(store.client, ctx(FETCHED), [complaint('1', '2026-11-20T10:00:00Z')]);
    expect(await queue()).toMatchObject([{ brand: 'acme', mention_id: 'x:1', state: 'open', first_response_seconds: null, response_mention_id: null }]);
    // The reply does not name the brand: it is stored under it because an owned account wrote it.
    await storeBatch(store.client, ctx(FETCHED), [ownedReply('2', '2026-11-20T10:25:00Z', 'x:1', 'x:1')]);
    const [item] = await queue();
    expect(item).toMatchObject({ state: 'answered', response_mention_id: 'x:2', first_response_seconds: 1500 });
    const owned = await store.rows<{ author_owned: number; thread_id: string }>("SELECT author_owned, thread_id FROM mentions WHERE external_id = '2'");
    expect(owned).toEqual([{ author_owned: 1, thread_id: 'x:1' }]);
  });

  it('does not open items for owned posts, mentions that need no reply, or competitor rows', async () => {
    await storeBatch(store.client, ctx(FETCHED), [
      { ...ownedReply('3', '2026-11-20T10:00:00Z', '', ''), text: 'Acme: can you help us test the new app?' },
      { ...complaint('4', '2026-11-20T10:00:00Z'), text: 'Acme is great' },
      { ...complaint('5', '2026-11-20T10:00:00Z'), text: 'Zeta my card was declined, can you help?' },
    ]);
    expect(await queue()).toEqual([]);
  });

  it('answers up the thread: the owned reply answers a follow-up, and the complaint above it too', async () => {
    await storeBatch(store.client, ctx(FETCHED), [
      complaint('10', '2026-11-20T09:00:00Z'),
      complaint('11', '2026-11-20T09:10:00Z', { in_reply_to: 'x:10', thread_id: 'x:10', text: 'Acme still nothing, anyone there? help!' }),
    ]);
    await storeBatch(store.client, ctx(FETCHED), [ownedReply('12', '2026-11-20T09:30:00Z', 'x:11', 'x:10')]);
    const items = await queue();
    expect(items.map((i) => [i.mention_id, i.state, i.first_response_seconds])).toEqual([
      ['x:10', 'answered', 1800],
      ['x:11', 'answered', 1200],
    ]);
  });

  it('answers up a reply chain where the platform names no thread (Mastodon)', async () => {
    const toot = (id: string, at: string, text: string, author: string, inReplyTo?: string) => ({
      id: `mastodon:acme.social:${id}`, platform: 'mastodon', text, created_at: at, author: { id: author, name: author, followers: 0 }, in_reply_to: inReplyTo,
    });
    await storeBatch(store.client, ctx(FETCHED), [
      toot('1', '2026-11-20T09:00:00Z', 'Acme lost my parcel, can you help?', 'dana'),
      toot('2', '2026-11-20T09:05:00Z', 'Acme same here, what is going on?', 'lee', 'mastodon:acme.social:1'),
    ]);
    // Owned reply to the second: the first is up its chain. No thread ids anywhere.
    await storeBatch(store.client, ctx(FETCHED), [toot('3', '2026-11-20T09:45:00Z', 'We are on it, sorry!', 'care@acme.social', 'mastodon:acme.social:2')]);
    expect((await queue()).map((i) => [i.mention_id, i.state, i.first_response_seconds])).toEqual([
      ['mastodon:acme.social:1', 'answered', 2700],
      ['mastodon:acme.social:2', 'answered', 2400],
    ]);
  });

  it('answers an item that arrives after its reply (out of order), in the thread and down the chain', async () => {
    await storeBatch(store.client, ctx(FETCHED), [ownedReply('21', '2026-11-20T08:20:00Z', 'x:20', 'x:20')]);
    expect(await queue()).toEqual([]);
    await storeBatch(store.client, ctx(FETCHED), [complaint('20', '2026-11-20T08:00:00Z')]);
    expect(await queue()).toMatchObject([{ mention_id: 'x:20', state: 'answered', first_response_seconds: 1200, response_mention_id: 'x:21' }]);
  });

  it('keeps the earliest response when an earlier reply arrives later, and does not answer from a reply before the item', async () => {
    await storeBatch(store.client, ctx(FETCHED), [complaint('30', '2026-11-20T08:00:00Z')]);
    await storeBatch(store.client, ctx(FETCHED), [ownedReply('32', '2026-11-20T09:00:00Z', 'x:30', 'x:30')]);
    await storeBatch(store.client, ctx(FETCHED), [ownedReply('31', '2026-11-20T08:10:00Z', 'x:30', 'x:30')]);
    expect(await queue()).toMatchObject([{ mention_id: 'x:30', state: 'answered', first_response_seconds: 600, response_mention_id: 'x:31' }]);
    // A complaint later in the same thread is not answered by the replies before it.
    await storeBatch(store.client, ctx(FETCHED), [complaint('33', '2026-11-20T09:30:00Z', { thread_id: 'x:30', in_reply_to: 'x:32' })]);
    expect((await queue()).find((i) => i.mention_id === 'x:33')).toMatchObject({ state: 'open', first_response_seconds: null });
  });

  it('is idempotent: storing the same batches again changes nothing', async () => {
    const batches = [[complaint('40', '2026-11-20T08:00:00Z'), complaint('41', '2026-11-20T08:05:00Z')], [ownedReply('42', '2026-11-20T08:30:00Z', 'x:40', 'x:40')]];
    for (const b of batches) await storeBatch(store.client, ctx(FETCHED), b);
    const before = await store.rows('SELECT * FROM reply_queue ORDER BY external_id, version');
    for (const b of batches) await storeBatch(store.client, ctx('2026-11-20T12:30:00Z'), b);
    expect(await store.rows('SELECT * FROM reply_queue ORDER BY external_id, version')).toEqual(before);
    expect((await queue()).map((i) => [i.mention_id, i.state])).toEqual([['x:40', 'answered'], ['x:41', 'open']]);
  });

  it('assign, dismiss and reopen change the state; a reply after reopening answers it again, the first response stays', async () => {
    await storeBatch(store.client, ctx(FETCHED), [complaint('50', '2026-11-20T08:00:00Z')]);
    await actOnItem(store.client, 'x:50', { kind: 'assign', to: 'Noa' }, { now: Date.parse('2026-11-20T08:05:00Z') });
    expect(await queue()).toMatchObject([{ state: 'assigned', assignee: 'Noa' }]);
    await storeBatch(store.client, ctx(FETCHED), [ownedReply('51', '2026-11-20T08:15:00Z', 'x:50', 'x:50')]);
    expect(await queue()).toMatchObject([{ state: 'answered', assignee: 'Noa', first_response_seconds: 900 }]);
    await actOnItem(store.client, 'x:50', { kind: 'reopen' }, { now: Date.parse('2026-11-20T09:00:00Z') });
    expect(await queue()).toMatchObject([{ state: 'open', assignee: '' }]);
    await storeBatch(store.client, ctx(FETCHED), [ownedReply('52', '2026-11-20T09:20:00Z', 'x:50', 'x:50')]);
    expect(await queue()).toMatchObject([{ state: 'answered', first_response_seconds: 900, response_mention_id: 'x:51' }]);
    await actOnItem(store.client, 'x:50', { kind: 'dismiss' });
    expect(await queue()).toMatchObject([{ state: 'dismissed' }]);
    await expect(actOnItem(store.client, 'x:404', { kind: 'dismiss' })).rejects.toThrow('no reply queue item for mention "x:404"');
  });

  // Two processes each read an item, then write what they learnt: the later write was computed
  // from a copy that lacks the earlier one's fact. Both facts must survive, in either order.
  it("a sync's stale copy written after a person's action does not undo the action", async () => {
    await storeBatch(store.client, ctx(FETCHED), [complaint('70', '2026-11-20T10:00:00Z')]);
    const [seenBySync] = await itemsOf(store.client, 'x:70'); // a sync in another process reads the item
    await actOnItem(store.client, 'x:70', { kind: 'assign', to: 'Noa' }, { now: Date.parse('2026-11-20T10:05:00Z') });
    await writeItems(store.client, [withResponses(seenBySync, [{ external_id: '71', created_at: Date.parse('2026-11-20T10:20:00Z') }], Date.parse(FETCHED))]);
    expect(await queue()).toMatchObject([{ mention_id: 'x:70', state: 'answered', assignee: 'Noa', response_mention_id: 'x:71', first_response_seconds: 1200 }]);
    expect(await itemsOf(store.client, 'x:70')).toMatchObject([{ state: 'answered', assignee: 'Noa', has_response: true }]);
    // Reopened by the person, the same stale reply no longer answers it.
    await actOnItem(store.client, 'x:70', { kind: 'reopen' }, { now: Date.parse('2026-11-20T11:00:00Z') });
    expect(await queue()).toMatchObject([{ state: 'open', assignee: '', response_mention_id: 'x:71' }]);
  });

  it("a person's stale copy written after a sync answered the item does not lose the answer", async () => {
    await storeBatch(store.client, ctx(FETCHED), [complaint('72', '2026-11-20T10:00:00Z')]);
    const [seenByPerson] = await itemsOf(store.client, 'x:72'); // the person's process reads the item, open
    await storeBatch(store.client, ctx(FETCHED), [ownedReply('73', '2026-11-20T10:30:00Z', 'x:72', 'x:72')]);
    expect(await queue()).toMatchObject([{ state: 'answered' }]);
    await writePeopleDecisions(store.client, [applyAction(seenByPerson, { kind: 'assign', to: 'Dana' }, Date.parse('2026-11-20T10:31:00Z'))]);
    expect(await queue()).toMatchObject([{ mention_id: 'x:72', state: 'answered', assignee: 'Dana', response_mention_id: 'x:73', first_response_seconds: 1800 }]);
    await writePeopleDecisions(store.client, [applyAction(seenByPerson, { kind: 'dismiss' }, Date.parse('2026-11-20T10:32:00Z'))]);
    expect(await queue()).toMatchObject([{ state: 'dismissed', response_mention_id: 'x:73', first_response_seconds: 1800 }]);
    expect(await queueSummary(store.client)).toMatchObject([{ brand: 'acme', dismissed: 1, answered: 0 }]);
  });

  it('the sweep answers an item whose reply another process stored while it was being opened', async () => {
    await storeBatch(store.client, ctx(FETCHED), [complaint('60', '2026-11-20T10:00:00Z')]);
    await storeBatch(store.client, ctx(FETCHED), [ownedReply('61', '2026-11-20T10:20:00Z', 'x:60', 'x:60')]);
    // As when the two syncs ran at once in two workers on one ClickHouse server and missed each
    // other: the reply stored, the item as the complaint's sync left it.
    await leaveUnanswered(store.client, 'x:60');
    expect(await queue()).toMatchObject([{ mention_id: 'x:60', state: 'open', response_mention_id: null }]);

    const fetched = Date.parse(FETCHED);
    const now = fetched + 10 * 60_000;
    // Replies fetched outside [since, until), or of another brand, are not read.
    expect(await resyncOwnedReplies(store.client, ['acme'], fetched + 1, fetched + 60_000, now)).toEqual({ opened: 0, answered: 0 });
    expect(await resyncOwnedReplies(store.client, ['acme'], fetched - 60_000, fetched, now)).toEqual({ opened: 0, answered: 0 });
    expect(await resyncOwnedReplies(store.client, ['zeta'], fetched - 60_000, fetched + 60_000, now)).toEqual({ opened: 0, answered: 0 });
    expect(await resyncOwnedReplies(store.client, ['acme'], fetched - 60_000, fetched + 60_000, now)).toEqual({ opened: 0, answered: 1 });
    expect(await queue()).toMatchObject([{ mention_id: 'x:60', state: 'answered', response_mention_id: 'x:61', first_response_seconds: 1200 }]);
    // Swept again: nothing left to change.
    expect(await resyncOwnedReplies(store.client, ['acme'], fetched - 60_000, fetched + 60_000, now)).toEqual({ opened: 0, answered: 0 });
  });

  it('the sweep takes each reply once, when it has settled, from where the last sweep reached', async () => {
    await storeBatch(store.client, ctx(FETCHED), [complaint('70', '2026-11-20T10:00:00Z')]);
    await storeBatch(store.client, ctx(FETCHED), [ownedReply('71', '2026-11-20T10:20:00Z', 'x:70', 'x:70')]);
    const [answered] = await itemsOf(store.client, 'x:70');
    await leaveUnanswered(store.client, 'x:70');
    const fetched = Date.parse(FETCHED);
    // Fetched just now: not yet (the syncs beside it may still be running).
    expect(await sweepQueue(store.client, ['acme'], 'queue-sweep:test', fetched + SETTLE_MS - 1000)).toEqual({ opened: 0, answered: 0 });
    expect(await queue()).toMatchObject([{ mention_id: 'x:70', state: 'open' }]);
    // Settled: swept from where the first sweep reached.
    expect(await sweepQueue(store.client, ['acme'], 'queue-sweep:test', fetched + SETTLE_MS + 60_000)).toEqual({ opened: 0, answered: 1 });
    expect(await queue()).toMatchObject([{ mention_id: 'x:70', state: 'answered', response_mention_id: 'x:71' }]);
    expect((await itemsOf(store.client, 'x:70'))[0].first_response_at).toBe(answered.first_response_at);
    // Once: a later sweep does not read it again (reopened by hand, it stays open).
    await leaveUnanswered(store.client, 'x:70');
    expect(await sweepQueue(store.client, ['acme'], 'queue-sweep:test', fetched + SETTLE_MS + 120_000)).toEqual({ opened: 0, answered: 0 });
    // Another deployment's cursor starts on its own.
    expect(await sweepQueue(store.client, ['acme'], 'queue-sweep:other', fetched + SETTLE_MS + 60_000)).toEqual({ opened: 0, answered: 1 });
  });

  it('the sweep finds replies through owned_replies, also those stored before it existed (sql/0076)', async () => {
    await storeBatch(store.client, ctx(FETCHED), [complaint('80', '2026-11-20T10:00:00Z'), { ...complaint('82', '2026-11-20T10:00:00Z'), text: 'Zeta, can you help?' }]);
    await storeBatch(store.client, ctx(FETCHED), [ownedReply('81', '2026-11-20T10:20:00Z', 'x:80', 'x:80')]);
    expect(await store.rows('SELECT brand, platform, external_id FROM owned_replies')).toEqual([{ brand: 'acme', platform: 'x', external_id: '81' }]);
    await leaveUnanswered(store.client, 'x:80');
    const fetched = Date.parse(FETCHED);
    const sweep = () => resyncOwnedReplies(store.client, ['acme'], fetched - 60_000, fetched + 60_000, fetched + 600_000);
    await store.client.command({ query: 'TRUNCATE TABLE owned_replies' }); // as in a store from before sql/0074
    expect(await sweep()).toEqual({ opened: 0, answered: 0 });
    await store.client.command({ query: readMigrations().find((m) => m.version === 76)!.sql });
    expect(await sweep()).toEqual({ opened: 0, answered: 1 });
    expect(await queue()).toMatchObject([{ mention_id: 'x:80', state: 'answered', response_mention_id: 'x:81' }]);
  });

  it('v_queue: one row per item, its age, and the summary per brand', async () => {
    await storeBatch(store.client, ctx(FETCHED), [complaint('60', '2026-11-20T08:00:00Z'), complaint('61', '2026-11-20T08:00:00Z')]);
    await storeBatch(store.client, ctx(FETCHED), [ownedReply('62', '2026-11-20T09:00:00Z', 'x:60', 'x:60')]);
    const rows = await store.rows<{ n: string; age: number }>("SELECT count() AS n, min(age_seconds) AS age FROM v_queue");
    expect(Number(rows[0].n)).toBe(2);
    expect(rows[0].age).toBeGreaterThan((Date.now() - Date.parse('2026-11-20T08:00:01Z')) / 1000);
    expect(await queueSummary(store.client)).toMatchObject([{ brand: 'acme', items: 2, open: 1, answered: 1, p50_first_response_seconds: 3600 }]);
  });
});
