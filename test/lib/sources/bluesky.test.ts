// Bluesky connector over real HTTP against recorded app.bsky.feed.searchPosts responses
// (opaque cursor inside a since/until window), and through the poll loop into ClickHouse.
import { beforeAll, describe, expect, it } from 'vitest';
import { pollSourceOnce } from '../../../lib/pipeline/poll-source.js';
import { bluesky, postWebUrl } from '../../../lib/sources/connectors/bluesky.js';
import { BadCredentialsError, MalformedResponseError, ResourceGoneError } from '../../../lib/sources/errors.js';
import { createHttpClient } from '../../../lib/sources/http.js';
import type { ConnectorContext } from '../../../lib/sources/types.js';
import { loadCursor } from '../../../lib/store/cursors-repo.js';
import { connectorContext, monitorConfig, ticking } from '../../helpers/connector-context.js';
import { crashWhenArmed } from '../../helpers/crash.js';
import { jsonFixtures } from '../../helpers/fixtures.js';
import { useRecordedServer, type RecordedServer } from '../../helpers/recorded-server.js';
import { useTestStore } from '../../helpers/store.js';

const NOW = new Date('2026-11-20T12:00:00Z');
const fixture = jsonFixtures('bluesky');
const SEARCH = '/xrpc/app.bsky.feed.searchPosts';
const iso = (ms: number) => new Date(ms).toISOString();

function configFor(url: string, sourceId: string, extra = '') {
  return monitorConfig(`  - id: ${sourceId}
    type: bluesky
    base_url: ${url}
    service_url: ${url}/pds
    limit: 2
${extra}`);
}

function ctxFor(server: RecordedServer, extra = '', env: Record<string, string> = {}): ConnectorContext {
  return connectorContext(configFor(server.url, 'bsky-unit', extra).sources[0], { env, now: NOW });
}

describe('bluesky connector', () => {
  // Each context gets a new HTTP client, so no test sees another's session.
  const server = useRecordedServer();

  it('builds web URLs from post URIs', () => {
    expect(postWebUrl('at://did:plc:abc/app.bsky.feed.post/3kxyz', 'alice.bsky.social')).toBe('https://bsky.app/profile/alice.bsky.social/post/3kxyz');
    expect(postWebUrl('at://did:plc:abc/app.bsky.feed.post/3kxyz', 'handle.invalid')).toBe('https://bsky.app/profile/did:plc:abc/post/3kxyz');
  });

  it('pages a fixed since/until window with the opaque cursor, then starts the next window', async () => {
    server.enqueue(SEARCH, { body: fixture('search-page1.json') }, { body: fixture('search-page2.json') }, { body: fixture('search-end.json') });
    const ctx = ctxFor(server);
    const window = { query: 'acme', since: iso(NOW.getTime() - 86_400_000), until: iso(NOW.getTime()) };

    const p1 = await bluesky.fetchPage(undefined, ctx);
    const q1 = server.requests[0].query;
    expect(Object.fromEntries(q1)).toEqual({ q: 'acme', sort: 'latest', since: window.since, until: window.until, limit: '2' });
    expect(p1.mentions.map((m) => m.id)).toEqual([
      'bluesky:at://did:plc:u1abcdefghijklmnopq/app.bsky.feed.post/3lbx2aaaa1',
      'bluesky:at://did:plc:u2abcdefghijklmnopq/app.bsky.feed.post/3lbx2aaaa2',
    ]);
    expect(p1.mentions[0]).toMatchObject({
      platform: 'bluesky',
      text: 'Acme support just closed my ticket without answering. Again.',
      url: 'https://bsky.app/profile/user1.bsky.social/post/3lbx2aaaa1',
      author: { id: 'did:plc:u1abcdefghijklmnopq', name: 'user1.bsky.social', followers: 0 },
      engagement: { likes: 7, shares: 3, replies: 1 },
      lang: 'en',
      created_at: iso(NOW.getTime() - 120_000),
    });
    expect(p1.mentions[1].in_reply_to).toBe('bluesky:at://did:plc:u1abcdefghijklmnopq/app.bsky.feed.post/3lbx2aaaa1');
    expect(p1.cursor).toEqual({ since: {}, pending: [], window: { ...window, cursor: '2' } });
    expect(p1.more).toBe(true);

    const p2 = await bluesky.fetchPage(p1.cursor, ctx);
    expect(server.requests[1].query.get('cursor')).toBe('2');
    expect(server.requests[1].query.get('until')).toBe(window.until);
    expect(p2.mentions.map((m) => [m.author.name, m.lang])).toEqual([
      ['user3.bsky.social', 'en'],
      ['user4.bsky.social', 'no'],
    ]);
    expect(p2.cursor).toEqual({ since: {}, pending: [], window: { ...window, cursor: '4' } });

    const p3 = await bluesky.fetchPage(p2.cursor, ctx);
    expect(server.requests[2].query.get('cursor')).toBe('4');
    expect(p3.mentions).toEqual([]);
    expect(p3.cursor).toEqual({ since: { acme: iso(NOW.getTime() - 300_000) }, pending: [] });
    expect(p3.more).toBe(false);

    // The next window starts where the last one ended, minus the overlap.
    server.enqueue(SEARCH, { body: fixture('search-end.json') });
    const later = new Date(NOW.getTime() + 600_000);
    const p4 = await bluesky.fetchPage(p3.cursor, { ...ctx, now: () => later });
    expect(server.requests[3].query.get('since')).toBe(iso(NOW.getTime() - 300_000));
    expect(server.requests[3].query.get('until')).toBe(iso(later.getTime()));
    expect(server.requests[3].query.get('cursor')).toBeNull();
    expect(p4.cursor).toEqual({ since: { acme: iso(later.getTime() - 300_000) }, pending: [] });
  });

  it('logs in with a handle and app password when configured, and renews an expired token once', async () => {
    server.enqueue('/pds/xrpc/com.atproto.server.createSession', { body: fixture('create-session.json') }, { body: { ...fixture('create-session.json'), accessJwt: 'fresh.jwt.sig' } });
    server.enqueue(`/pds${SEARCH}`, { status: 400, body: { error: 'ExpiredToken', message: 'Token has expired' } }, { body: fixture('search-end.json') });
    const ctx = ctxFor(server, '    handle_env: BSKY_HANDLE\n    app_password_env: BSKY_APP_PASSWORD\n', {
      BSKY_HANDLE: 'acme-listening.bsky.social',
      BSKY_APP_PASSWORD: 'abcd-efgh-ijkl-mnop',
    });
    const page = await bluesky.fetchPage(undefined, ctx);
    expect(page.mentions).toEqual([]);
    const [login, first, relogin, second] = server.requests;
    expect(login.method).toBe('POST');
    expect(JSON.parse(login.body)).toEqual({ identifier: 'acme-listening.bsky.social', password: 'abcd-efgh-ijkl-mnop' });
    expect(first.headers.authorization).toBe(`Bearer ${fixture('create-session.json').accessJwt}`);
    expect(relogin.path).toBe('/pds/xrpc/com.atproto.server.createSession');
    expect(second.headers.authorization).toBe('Bearer fresh.jwt.sig');

    server.enqueue('/pds/xrpc/com.atproto.server.createSession', { status: 401, body: { error: 'AuthenticationRequired', message: 'Invalid identifier or password' } });
    // A new worker (a new HTTP client) holds no session: it logs in again.
    await expect(bluesky.fetchPage(undefined, { ...ctx, http: createHttpClient({ backoffMs: 5 }) })).rejects.toBeInstanceOf(BadCredentialsError);
    await expect(bluesky.fetchPage(undefined, ctxFor(server, '    handle_env: BSKY_HANDLE\n    app_password_env: BSKY_APP_PASSWORD\n'))).rejects.toThrow(
      /BSKY_HANDLE is not set/,
    );
  });

  it('waits out a 429 with Retry-After and retries a 500', async () => {
    server.enqueue(
      SEARCH,
      { status: 429, headers: { 'retry-after': '1', 'ratelimit-remaining': '0' }, body: { error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' } },
      { status: 500, body: { error: 'InternalServerError', message: 'Internal Server Error' } },
      { body: fixture('search-page2.json') },
    );
    const started = Date.now();
    const page = await bluesky.fetchPage(undefined, ctxFor(server));
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(page.mentions).toHaveLength(2);
    expect(server.requests).toHaveLength(3);
  });

  it('rejects a malformed post by index and field, and a malformed body as a whole', async () => {
    server.enqueue(SEARCH, { body: fixture('search-malformed-item.json') });
    const page = await bluesky.fetchPage(undefined, ctxFor(server));
    expect(page.mentions.map((m) => m.url)).toEqual(['https://bsky.app/profile/user5.bsky.social/post/3lbx2aaaa5']);
    expect(page.rejects).toHaveLength(1);
    expect(page.rejects[0].reason).toMatch(/^posts\[1\] \(at:\/\/did:plc:u6.*3lbx2aaaa6\) of the search for "acme": record\.text: .*record\.createdAt: /);
    // No cursor in the answer: the window is finished.
    expect(page.more).toBe(false);

    server.enqueue(SEARCH, { body: { error: 'InternalServerError' } });
    await expect(bluesky.fetchPage(undefined, ctxFor(server))).rejects.toBeInstanceOf(MalformedResponseError);
  });

  it('maps 403 to bad credentials and 404 to a removed resource', async () => {
    server.enqueue(SEARCH, { status: 403, body: { error: 'Forbidden' } });
    await expect(bluesky.fetchPage(undefined, ctxFor(server))).rejects.toBeInstanceOf(BadCredentialsError);
    server.enqueue(SEARCH, { status: 404, body: { error: 'XRPCNotSupported' } });
    await expect(bluesky.fetchPage(undefined, ctxFor(server))).rejects.toBeInstanceOf(ResourceGoneError);
  });
});

describe('bluesky through pollSourceOnce', () => {
  const server = useRecordedServer('all');
  const store = useTestStore();
  beforeAll(() => {
    server.handle(SEARCH, (req) => {
      const cursor = req.query.get('cursor');
      return { body: fixture(cursor === '2' ? 'search-page2.json' : cursor === '4' ? 'search-end.json' : 'search-page1.json') };
    });
  });

  it('stores each post once across a crash between fetch and store, and saves the cursor', async () => {
    const config = configFor(server.url, 'bsky-poll', '    max_pages: 2');
    const http = createHttpClient({ backoffMs: 5 });
    const clickhouse = store.client;
    const crash = crashWhenArmed(clickhouse, 'mentions');
    // Page 1 is stored, page 2 is fetched and the store dies: only page 1's cursor is saved.
    const deps = { clickhouse: crash.client, http, config, onPage: () => crash.arm() };
    await expect(pollSourceOnce({ ...deps, now: ticking(NOW) }, 'bsky-poll')).rejects.toThrow(/simulated crash/);
    const saved = (await loadCursor(clickhouse, 'bsky-poll')) as { window?: { cursor?: string } };
    expect(saved.window?.cursor).toBe('2');

    const r = await pollSourceOnce({ clickhouse, http, config, now: ticking(new Date(NOW.getTime() + 1000)) }, 'bsky-poll');
    expect(r).toMatchObject({ pages: 2, stored: 2, duplicates: 0, more: false });
    const rows = await store.rows<{ external_id: string; in_reply_to: string; n: number }>(
      "SELECT external_id, in_reply_to, likes, shares, toUInt32(count()) AS n FROM mentions WHERE source_id = 'bsky-poll' GROUP BY ALL ORDER BY external_id",
    );
    expect(rows.map((x) => [x.external_id.split('/').pop(), x.in_reply_to.split('/').pop() ?? '', Number(x.n)])).toEqual([
      ['3lbx2aaaa1', '', 1],
      ['3lbx2aaaa2', '3lbx2aaaa1', 1],
      ['3lbx2aaaa3', '', 1],
      ['3lbx2aaaa4', '', 1],
    ]);
    // The window's `until` is the first poll's clock reading (the ticking clock adds a few ms).
    expect(await loadCursor(clickhouse, 'bsky-poll')).toEqual({ since: { acme: expect.stringMatching(/^2026-11-20T11:55:00\.00\dZ$/) }, pending: [] });
  });
});
