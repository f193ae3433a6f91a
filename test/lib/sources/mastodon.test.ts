// Mastodon connector over real HTTP against recorded hashtag-timeline and search responses
// (min_id + Link header paging), and through the poll loop into an embedded ClickHouse.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pollSourceOnce } from '../../../lib/pipeline/poll-source.js';
import { BadCredentialsError, MalformedResponseError, ResourceGoneError } from '../../../lib/sources/errors.js';
import { createHttpClient } from '../../../lib/sources/http.js';
import { mastodon, parseLinkHeader } from '../../../lib/sources/connectors/mastodon.js';
import type { ConnectorContext } from '../../../lib/sources/types.js';
import { loadCursor } from '../../../lib/store/cursors-repo.js';
import { connectorContext, monitorConfig, ticking } from '../../helpers/connector-context.js';
import { jsonFixtures } from '../../helpers/fixtures.js';
import { useRecordedServer, type RecordedServer } from '../../helpers/recorded-server.js';
import { useTestStore } from '../../helpers/store.js';

const NOW = new Date('2026-11-20T12:00:00Z');
const fixture = jsonFixtures('mastodon');
const TAG = '/api/v1/timelines/tag/acme';
/** The Link header Mastodon sends with a timeline page (URLs on the instance's own host). */
const link = (oldest: string, newest: string) => ({
  link: `<https://mastodon.example/api/v1/timelines/tag/acme?max_id=${oldest}>; rel="next", <https://mastodon.example/api/v1/timelines/tag/acme?min_id=${newest}>; rel="prev"`,
});
const id = (n: number) => `11350000000000000${n}`;

function configFor(url: string, sourceId: string, extra = '') {
  return monitorConfig(`  - id: ${sourceId}
    type: mastodon
    base_url: ${url}
    limit: 3
${extra}`);
}

function ctxFor(server: RecordedServer, extra = '', env: Record<string, string> = {}): ConnectorContext {
  return connectorContext(configFor(server.url, 'masto-unit', extra).sources[0], { env, now: NOW });
}

describe('mastodon connector', () => {
  const server = useRecordedServer();
  let host: string;
  beforeEach(() => {
    host = new URL(server.url).host;
  });

  it('parses Link headers', () => {
    expect(parseLinkHeader(link('1', '9').link)).toEqual({
      next: 'https://mastodon.example/api/v1/timelines/tag/acme?max_id=1',
      prev: 'https://mastodon.example/api/v1/timelines/tag/acme?min_id=9',
    });
    expect(parseLinkHeader(undefined)).toEqual({});
  });

  it('reads the newest page first, then pages forward with min_id from the Link header', async () => {
    server.enqueue(
      TAG,
      { headers: link(id(1), id(3)), body: fixture('tag-first.json') },
      { headers: link(id(4), id(6)), body: fixture('tag-page2.json') },
      { headers: link(id(7), id(7)), body: fixture('tag-page3.json') },
      { body: [] },
    );
    const ctx = ctxFor(server);
    const p1 = await mastodon.fetchPage(undefined, ctx);
    expect(server.requests[0].query.get('min_id')).toBeNull();
    expect(server.requests[0].query.get('limit')).toBe('3');
    expect(p1.mentions.map((m) => m.id)).toEqual([id(3), id(2), id(1)].map((x) => `mastodon:${host}:${x}`));
    expect(p1.mentions[0]).toMatchObject({
      platform: 'mastodon',
      text: 'The new #Acme app keeps logging me out & losing my cart. Annoying!',
      url: `https://mastodon.example/@user1/${id(3)}`,
      author: { id: 'user1', name: 'User 1', followers: 1520 },
      engagement: { likes: 9, shares: 5, replies: 2 },
      lang: 'en',
      created_at: '2026-11-20T11:55:00.000Z',
    });
    expect(p1.mentions[1]).toMatchObject({ in_reply_to: `mastodon:${host}:${id(1)}`, author: { id: 'user2@fosstodon.org', followers: 88 } });
    expect(p1.mentions[2]).toMatchObject({ title: 'Acme outage', text: 'Is #Acme down for anyone else?\nCheckout fails.' });
    expect(p1.cursor).toEqual({ since: { 'tag:acme': id(3) }, pending: [] });
    expect(p1.more).toBe(false);

    const p2 = await mastodon.fetchPage(p1.cursor, ctx);
    expect(server.requests[1].query.get('min_id')).toBe(id(3));
    expect(p2.mentions.map((m) => m.id.split(':').pop())).toEqual([id(6), id(5), id(4)]);
    expect(p2.mentions[2].lang).toBeUndefined();
    expect(p2.cursor).toEqual({ since: { 'tag:acme': id(6) }, pending: ['tag:acme'], paging: true });
    expect(p2.more).toBe(true);

    const p3 = await mastodon.fetchPage(p2.cursor, ctx);
    expect(server.requests[2].query.get('min_id')).toBe(id(6));
    expect(p3.mentions.map((m) => m.id.split(':').pop())).toEqual([id(7)]);
    expect(p3.cursor).toEqual({ since: { 'tag:acme': id(7) }, pending: [] });
    expect(p3.more).toBe(false);

    const p4 = await mastodon.fetchPage(p3.cursor, ctx);
    expect(server.requests[3].query.get('min_id')).toBe(id(7));
    expect(p4).toEqual({ mentions: [], rejects: [], cursor: { since: { 'tag:acme': id(7) }, pending: [] }, more: false });
  });

  it('adds full-text search with the token, and follows configured hashtags', async () => {
    server.enqueue('/api/v1/timelines/tag/acmebank', { body: [] });
    server.enqueue('/api/v2/search', { body: fixture('search-statuses.json') });
    const ctx = ctxFor(server, '    hashtags: ["#AcmeBank"]\n    token_env: MASTO_TOKEN\n', { MASTO_TOKEN: 'tok-123' });
    const p1 = await mastodon.fetchPage(undefined, ctx);
    expect(p1.mentions).toEqual([]);
    expect(p1.cursor).toEqual({ since: {}, pending: ['search:acme'] });
    expect(p1.more).toBe(true);
    const p2 = await mastodon.fetchPage(p1.cursor, ctx);
    const search = server.requests[1];
    expect(search.headers.authorization).toBe('Bearer tok-123');
    expect(search.query.get('q')).toBe('acme');
    expect(search.query.get('type')).toBe('statuses');
    expect(p2.mentions.map((m) => m.text)).toEqual(['I love how fast Acme delivery is now']);
    expect(p2.cursor).toEqual({ since: { 'search:acme': '113500000000000010' }, pending: [] });
    expect(server.requests[0].headers.authorization).toBe('Bearer tok-123');

    const missing = ctxFor(server, '    token_env: MASTO_TOKEN\n');
    await expect(mastodon.fetchPage(undefined, missing)).rejects.toThrow(/MASTO_TOKEN is not set/);
  });

  it('waits out a 429 with Retry-After and retries a 500', async () => {
    server.enqueue(
      TAG,
      { status: 429, headers: { 'retry-after': '1', 'x-ratelimit-remaining': '0' }, body: { error: 'Too many requests' } },
      { status: 503, body: '<html>Bad gateway</html>' },
      { headers: link(id(1), id(3)), body: fixture('tag-first.json') },
    );
    const started = Date.now();
    const page = await mastodon.fetchPage(undefined, ctxFor(server));
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(page.mentions).toHaveLength(3);
    expect(server.requests).toHaveLength(3);
  });

  it('rejects a malformed status by index and field, and a malformed body as a whole', async () => {
    server.enqueue(TAG, { body: fixture('tag-malformed-item.json') });
    const page = await mastodon.fetchPage({ since: { 'tag:acme': id(7) }, pending: [] }, ctxFor(server));
    expect(page.mentions.map((m) => m.id.split(':').pop())).toEqual([id(9)]);
    expect(page.rejects).toHaveLength(1);
    expect(page.rejects[0].reason).toMatch(/#acme timeline .* status\[1\] \(id 113500000000000008\): account: /);
    // The bad status is still passed: the next read starts after it.
    expect(page.cursor.since).toEqual({ 'tag:acme': id(9) });

    server.enqueue(TAG, { body: { error: 'This method requires an authenticated user' } });
    await expect(mastodon.fetchPage(undefined, ctxFor(server))).rejects.toBeInstanceOf(MalformedResponseError);
    server.enqueue(TAG, { body: 'not json' });
    await expect(mastodon.fetchPage(undefined, ctxFor(server))).rejects.toBeInstanceOf(MalformedResponseError);
  });

  it('maps 401 to bad credentials and 404 to a removed resource', async () => {
    server.enqueue(TAG, { status: 401, body: { error: 'The access token is invalid' } });
    await expect(mastodon.fetchPage(undefined, ctxFor(server))).rejects.toBeInstanceOf(BadCredentialsError);
    server.enqueue(TAG, { status: 404, body: { error: 'Record not found' } });
    await expect(mastodon.fetchPage(undefined, ctxFor(server))).rejects.toBeInstanceOf(ResourceGoneError);
  });
});

describe('mastodon through pollSourceOnce', () => {
  const server = useRecordedServer('all');
  const store = useTestStore();
  beforeAll(() => {
    // Answers by min_id, like the instance does.
    server.handle(TAG, (req) => {
      const min = req.query.get('min_id');
      if (!min) return { headers: link(id(1), id(3)), body: fixture('tag-first.json') };
      if (min === id(3)) return { headers: link(id(4), id(6)), body: fixture('tag-page2.json') };
      if (min === id(6)) return { headers: link(id(7), id(7)), body: fixture('tag-page3.json') };
      return { body: [] };
    });
  });

  const stored = () =>
    store.rows<{ external_id: string; in_reply_to: string; author_followers: number | string; n: number }>(
      "SELECT external_id, in_reply_to, author_followers, toUInt32(count()) AS n FROM mentions WHERE source_id = 'masto-poll' GROUP BY ALL ORDER BY external_id",
    );

  it('stores each status once, saves the cursor, and a crash between fetch and store loses nothing', async () => {
    const config = configFor(server.url, 'masto-poll');
    const host = new URL(server.url).host;
    const http = createHttpClient({ backoffMs: 5 });
    const clickhouse = store.client;
    const deps = { clickhouse, http, config };

    const first = await pollSourceOnce({ ...deps, now: ticking(NOW) }, 'masto-poll');
    expect(first).toMatchObject({ pages: 1, stored: 3, more: false });
    expect(await loadCursor(clickhouse, 'masto-poll')).toEqual({ since: { 'tag:acme': id(3) }, pending: [] });

    // Crash: the next page is fetched, then the worker dies before storing it.
    const cursor = await loadCursor(clickhouse, 'masto-poll');
    const lost = await mastodon.fetchPage(cursor, connectorContext(config.sources[0], { http, now: NOW }));
    expect(lost.mentions).toHaveLength(3);

    const second = await pollSourceOnce({ ...deps, now: ticking(new Date(NOW.getTime() + 60_000)) }, 'masto-poll');
    expect(second).toMatchObject({ pages: 2, stored: 4, duplicates: 0, more: false });
    const rows = await stored();
    expect(rows.map((r) => r.external_id)).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => `${host}:${id(n)}`));
    expect(rows.every((r) => Number(r.n) === 1)).toBe(true);
    expect(rows.find((r) => r.external_id.endsWith(id(4)))?.in_reply_to).toBe(`mastodon:${host}:${id(3)}`);
    expect(await loadCursor(clickhouse, 'masto-poll')).toEqual({ since: { 'tag:acme': id(7) }, pending: [] });

    const third = await pollSourceOnce({ ...deps, now: ticking(new Date(NOW.getTime() + 120_000)) }, 'masto-poll');
    expect(third).toMatchObject({ pages: 1, stored: 0 });
  });
});
