// X API v2 recent search connector over real HTTP against recorded responses.
import { describe, expect, it } from 'vitest';
import { pollSourceOnce } from '../../../lib/pipeline/poll-source.js';
import { BadCredentialsError, MalformedResponseError } from '../../../lib/sources/errors.js';
import { createHttpClient } from '../../../lib/sources/http.js';
import type { ConnectorContext } from '../../../lib/sources/types.js';
import { buildXQueries, x, type XCursor } from '../../../lib/sources/connectors/x.js';
import { loadCursor } from '../../../lib/store/cursors-repo.js';
import { connectorContext, monitorConfig, ticking, useEnv } from '../../helpers/connector-context.js';
import { crashOnce } from '../../helpers/crash.js';
import { jsonFixtures } from '../../helpers/fixtures.js';
import { useRecordedServer } from '../../helpers/recorded-server.js';
import { useTestStore } from '../../helpers/store.js';

const fixture = jsonFixtures('x');
const SEARCH = '/2/tweets/search/recent';
const NOW = new Date('2026-11-23T09:00:00Z');
const TOKEN_ENV = 'TEST_X_BEARER';
const TOKEN = 'AAAAtestbearer';
const QUERY = '("Acme" OR "Acme Bank") -is:retweet';
const ID = { t0: '2124608859141050514', t1: '2124759854085050514', t2: '2124779986744250514', t3: '2124785019909050514', t4: '2124797602821050514' };
const NEXT = 'b26v89c19zqg8o3fpe17wfsmlhlzfv8qm7gr5kw';
const limits = (remaining: number) => ({ 'x-rate-limit-limit': '450', 'x-rate-limit-remaining': String(remaining), 'x-rate-limit-reset': String(Math.floor(NOW.getTime() / 1000) + 900) });

const server = useRecordedServer();
const http = createHttpClient({ backoffMs: 5 });

function config() {
  return monitorConfig(
    `  - id: acme-x
    type: x
    base_url: ${server.url}
    bearer_token_env: ${TOKEN_ENV}
    max_results: 10`,
    ['Acme', 'Acme Bank'],
  );
}

function ctx(env: Record<string, string> = { [TOKEN_ENV]: TOKEN }, now = NOW): ConnectorContext {
  return connectorContext(config().sources[0], { queries: ['Acme', 'Acme Bank'], http, env, now });
}

describe('x connector', () => {
  it('ORs the brand queries into X queries that fit the length limit', () => {
    expect(buildXQueries(['Acme', 'Acme Bank', 'Acme'], '-is:retweet', 512)).toEqual([QUERY]);
    expect(buildXQueries(['alpha', 'beta', 'gamma'], '', 20)).toEqual(['("alpha" OR "beta")', '"gamma"']);
  });

  it('pages with next_token under a fixed start, then moves since_id to the newest tweet', async () => {
    server.enqueue(SEARCH, { headers: limits(449), body: fixture('round1-page1.json') }, { headers: limits(448), body: fixture('round1-page2.json') });

    const p1 = await x.fetchPage(undefined, ctx());
    const q1 = server.requests[0].query;
    expect(server.requests[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(q1.get('query')).toBe(QUERY);
    expect(q1.get('start_time')).toBe('2026-11-22T09:00:00Z');
    expect(q1.get('since_id')).toBeNull();
    expect(q1.get('tweet.fields')).toBe('created_at,public_metrics,lang,conversation_id,referenced_tweets,author_id');
    expect(q1.get('expansions')).toBe('author_id');
    expect(q1.get('user.fields')).toBe('public_metrics,username,name');
    expect(p1.mentions.map((m) => m.id)).toEqual([`x:${ID.t3}`, `x:${ID.t2}`, `x:${ID.t1}`]);
    expect(p1.mentions[0]).toMatchObject({
      platform: 'x',
      created_at: '2026-11-23T08:40:00.000Z',
      url: `https://x.com/dana_k/status/${ID.t3}`,
      author: { id: '1001', name: 'dana_k', followers: 340 },
      engagement: { likes: 7, shares: 3, replies: 1 },
      lang: 'en',
    });
    expect(p1.mentions[1].in_reply_to).toMatch(/^x:\d+$/);
    expect(p1.mentions[0].in_reply_to).toBeUndefined();
    expect(p1.more).toBe(true);
    expect((p1.cursor as XCursor).current).toMatchObject({ query: QUERY, next_token: NEXT, newest_id: ID.t3, start_time: '2026-11-22T09:00:00Z' });

    const p2 = await x.fetchPage(p1.cursor, ctx(undefined, new Date(NOW.getTime() + 5_000)));
    const q2 = server.requests[1].query;
    expect([q2.get('next_token'), q2.get('start_time')]).toEqual([NEXT, '2026-11-22T09:00:00Z']);
    expect(p2.mentions.map((m) => m.id)).toEqual([`x:${ID.t0}`]);
    expect(p2.mentions[0].lang).toBeUndefined(); // "und"
    expect(p2.rejects).toHaveLength(1);
    expect(p2.rejects[0].reason).toMatch(/data\[1\] of search .*\(\d+\): created_at/);
    expect(p2.more).toBe(false);
    const c2 = p2.cursor as XCursor;
    expect(c2.current).toBeUndefined();
    expect(c2.since_id).toEqual({ [QUERY]: ID.t3 });

    server.enqueue(SEARCH, { headers: limits(447), body: fixture('round2-page1.json') });
    const p3 = await x.fetchPage(c2, ctx(undefined, new Date('2026-11-23T09:40:00Z')));
    expect(server.requests[2].query.get('since_id')).toBe(ID.t3);
    expect(server.requests[2].query.get('start_time')).toBeNull();
    expect(p3.mentions.map((m) => m.id)).toEqual([`x:${ID.t4}`]);
    expect((p3.cursor as XCursor).since_id[QUERY]).toBe(ID.t4);
    expect(p3.more).toBe(false);
  });

  it('stops paging when x-rate-limit-remaining reaches 0 and resumes after the reset', async () => {
    server.enqueue(SEARCH, { headers: limits(0), body: fixture('round1-page1.json') }, { headers: limits(449), body: fixture('round1-page2.json') });
    const p1 = await x.fetchPage(undefined, ctx());
    expect(p1.mentions).toHaveLength(3);
    expect(p1.more).toBe(false);
    const c1 = p1.cursor as XCursor;
    expect(c1.current?.next_token).toBe(NEXT);
    expect(c1.paused_until).toBe(NOW.getTime() + 900_000);

    const early = await x.fetchPage(c1, ctx(undefined, new Date(NOW.getTime() + 60_000)));
    expect(early).toMatchObject({ mentions: [], more: false });
    expect(server.requests).toHaveLength(1);

    const later = await x.fetchPage(early.cursor, ctx(undefined, new Date(NOW.getTime() + 901_000)));
    expect(server.requests[1].query.get('next_token')).toBe(NEXT);
    expect(later.mentions.map((m) => m.id)).toEqual([`x:${ID.t0}`]);
    expect((later.cursor as XCursor).since_id[QUERY]).toBe(ID.t3);
  });

  it('falls back to start_time when the stored since_id has left the 7-day window', async () => {
    server.enqueue(SEARCH, { body: fixture('empty.json') });
    const p = await x.fetchPage({ since_id: { [QUERY]: ID.t3 }, pending: [] }, ctx(undefined, new Date('2026-12-05T00:00:00Z')));
    expect(server.requests[0].query.get('since_id')).toBeNull();
    expect(server.requests[0].query.get('start_time')).toBe('2026-11-28T00:01:00Z');
    expect(p).toMatchObject({ mentions: [], more: false });
    expect((p.cursor as XCursor).since_id[QUERY]).toBe(ID.t3); // an empty result keeps the mark
  });

  it('waits out a 429 with Retry-After and retries a 500', async () => {
    server.enqueue(SEARCH, { status: 429, headers: { 'retry-after': '1', ...limits(0) }, body: fixture('too-many-requests.json') }, { status: 503, body: 'busy' }, {
      headers: limits(449),
      body: fixture('round1-page1.json'),
    });
    const started = Date.now();
    const p = await x.fetchPage(undefined, ctx());
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(p.mentions).toHaveLength(3);
    expect(server.requests).toHaveLength(3);
  });

  it('fails without retrying on a bad or missing bearer token', async () => {
    server.enqueue(SEARCH, { status: 401, body: fixture('unauthorized.json') });
    await expect(x.fetchPage(undefined, ctx())).rejects.toBeInstanceOf(BadCredentialsError);
    expect(server.requests).toHaveLength(1);
    await expect(x.fetchPage(undefined, ctx({}))).rejects.toThrow(new RegExp(`${TOKEN_ENV}.*not set`));
    await expect(x.fetchPage(undefined, ctx({}))).rejects.toBeInstanceOf(BadCredentialsError);
    expect(server.requests).toHaveLength(1);
  });

  it('rejects a malformed body', async () => {
    server.enqueue(SEARCH, { body: 'upstream connect error' });
    await expect(x.fetchPage(undefined, ctx())).rejects.toBeInstanceOf(MalformedResponseError);
    server.enqueue(SEARCH, { body: { data: [] } });
    await expect(x.fetchPage(undefined, ctx())).rejects.toThrow(/meta/);
  });
});

describe('x through pollSourceOnce', () => {
  const store = useTestStore();
  useEnv({ [TOKEN_ENV]: TOKEN });

  it('stores tweets with their reply links, saves the cursor, and survives crashes without loss or duplicates', async () => {
    const clickhouse = store.client;
    let round = 1;
    server.handle(SEARCH, (req) => ({
      headers: limits(400),
      body: fixture(round === 2 ? 'round2-page1.json' : req.query.get('next_token') === NEXT ? 'round1-page2.json' : 'round1-page1.json'),
    }));
    const deps = { http, config: config(), now: ticking(NOW, 1000) };

    await expect(pollSourceOnce({ ...deps, clickhouse: crashOnce(clickhouse, 'mentions') }, 'acme-x')).rejects.toThrow(/simulated crash/);
    expect(await loadCursor(clickhouse, 'acme-x')).toBeUndefined();
    await expect(pollSourceOnce({ ...deps, clickhouse: crashOnce(clickhouse, 'source_cursors') }, 'acme-x')).rejects.toThrow(/simulated crash/);
    expect(await loadCursor(clickhouse, 'acme-x')).toBeUndefined();

    const r1 = await pollSourceOnce({ ...deps, clickhouse }, 'acme-x');
    // The brand's own reply (t2) names no brand query, so it is counted as unmatched and not stored.
    expect(r1).toMatchObject({ pages: 2, stored: 1, duplicates: 2, unmatched: 1, rejected: 1, more: false });
    const rows = await store.rows(
      "SELECT external_id, author_name, likes, in_reply_to FROM mentions FINAL WHERE source_id = 'acme-x' ORDER BY external_id",
    );
    expect(rows).toEqual([
      { external_id: ID.t0, author_name: 'lee', likes: 0, in_reply_to: '' },
      { external_id: ID.t1, author_name: 'lee', likes: 0, in_reply_to: '' },
      { external_id: ID.t3, author_name: 'dana_k', likes: 7, in_reply_to: '' },
    ]);
    expect((await loadCursor<XCursor>(clickhouse, 'acme-x'))?.since_id).toEqual({ [QUERY]: ID.t3 });

    round = 2;
    const r2 = await pollSourceOnce({ ...deps, clickhouse }, 'acme-x');
    expect(r2).toMatchObject({ pages: 1, stored: 1, duplicates: 0 });
    expect(server.requests.at(-1)?.query.get('since_id')).toBe(ID.t3);
    const count = await store.rows<{ n: string }>("SELECT count() AS n FROM mentions WHERE source_id = 'acme-x'");
    expect(Number(count[0].n)).toBe(4);
    expect((await loadCursor<XCursor>(clickhouse, 'acme-x'))?.since_id).toEqual({ [QUERY]: ID.t4 });
  });
});
