// Reddit connector over real HTTP against recorded Listing responses, and through the poll
// loop into an embedded ClickHouse (stored rows, stored cursor, crash between fetch and store).
import { beforeAll, describe, expect, it } from 'vitest';
import { pollSourceOnce } from '../../../lib/pipeline/poll-source.js';
import { BadCredentialsError, MalformedResponseError, ResourceGoneError } from '../../../lib/sources/errors.js';
import { createHttpClient } from '../../../lib/sources/http.js';
import { reddit, type RedditCursor } from '../../../lib/sources/connectors/reddit.js';
import type { ConnectorContext } from '../../../lib/sources/types.js';
import { loadCursor } from '../../../lib/store/cursors-repo.js';
import { connectorContext, monitorConfig, ticking } from '../../helpers/connector-context.js';
import { crashOnce } from '../../helpers/crash.js';
import { jsonFixtures } from '../../helpers/fixtures.js';
import { useRecordedServer, type RecordedServer } from '../../helpers/recorded-server.js';
import { useTestStore } from '../../helpers/store.js';

const NOW = new Date('2026-11-20T12:00:00Z');
const NOW_S = NOW.getTime() / 1000;
const fixture = jsonFixtures('reddit');

function configFor(url: string, id: string, extra = '') {
  return monitorConfig(`  - id: ${id}
    type: reddit
    base_url: ${url}
    oauth_base_url: ${url}/oauth
    token_url: ${url}/api/v1/access_token
${extra}`);
}

function ctxFor(server: RecordedServer, extra = '', env: Record<string, string> = {}): ConnectorContext {
  return connectorContext(configFor(server.url, 'reddit-unit', extra).sources[0], { env, now: NOW });
}

describe('reddit connector', () => {
  // Each context gets a new HTTP client, so no test sees another's OAuth token.
  const server = useRecordedServer();

  it('pages search results by `after` and resumes from the newest post next round', async () => {
    server.enqueue('/search.json', { body: fixture('search-link-page1.json') }, { body: fixture('search-link-page2.json') });
    const ctx = ctxFor(server);

    const p1 = await reddit.fetchPage(undefined, ctx);
    expect(p1.mentions.map((m) => m.id)).toEqual(['reddit:1h2abc1', 'reddit:1h2abc2', 'reddit:1h2abc3']);
    expect(p1.mentions[0]).toMatchObject({
      platform: 'reddit',
      title: 'Acme support never answers',
      text: expect.stringContaining('waiting three days'),
      url: 'https://www.reddit.com/r/CustomerService/comments/1h2abc1/acme_support_never_answers/',
      author: { id: 't2_1h2abc1u', name: 'user_1h2abc1', followers: 0 },
      engagement: { likes: 12, shares: 1, replies: 4 },
      created_at: new Date((NOW_S - 600) * 1000).toISOString(),
    });
    // A link post without selftext keeps its title as the text.
    expect(p1.mentions[2].text).toBe('Acme refund question');
    expect(p1.more).toBe(true);
    expect(p1.cursor).toEqual({ since: {}, pending: [], page: { stream: 'search:acme', after: 't3_1h2abc3', newest: NOW_S - 600 } });
    const q1 = server.requests[0];
    expect(q1.query.get('q')).toBe('acme');
    expect(q1.query.get('sort')).toBe('new');
    expect(q1.query.get('type')).toBe('link');
    expect(q1.query.get('after')).toBeNull();
    expect(q1.query.get('restrict_sr')).toBeNull();
    expect(q1.headers['user-agent']).toMatch(/^nodejs:brand-pulse:/);

    const p2 = await reddit.fetchPage(p1.cursor, ctx);
    expect(server.requests[1].query.get('after')).toBe('t3_1h2abc3');
    expect(p2.mentions.map((m) => m.id)).toEqual(['reddit:1h2abc4', 'reddit:1h2abc5']);
    expect(p2.cursor).toEqual({ since: { 'search:acme': NOW_S - 600 - 300 }, pending: [] });
    expect(p2.more).toBe(false);

    // Next round: only what is newer than the floor; paging stops at the first seen item.
    server.enqueue('/search.json', { body: fixture('search-link-newer.json') });
    const p3 = await reddit.fetchPage(p2.cursor, { ...ctx, now: () => new Date(NOW.getTime() + 600_000) });
    expect(server.requests[2].query.get('after')).toBeNull();
    expect(p3.mentions.map((m) => m.id)).toEqual(['reddit:1h2abd9', 'reddit:1h2abc1']); // abc1 is inside the overlap
    expect(p3.cursor).toEqual({ since: { 'search:acme': NOW_S + 300 - 300 }, pending: [] });
    expect(p3.more).toBe(false);
  });

  it('reads the newest comments of the subreddits and keeps those naming a query, with their parent', async () => {
    server.enqueue('/r/CustomerService/search.json', { body: fixture('search-link-page2.json') });
    server.enqueue('/r/CustomerService/comments.json', { body: fixture('subreddit-comments.json') });
    const ctx = ctxFor(server, '    subreddits: [CustomerService]\n');
    const p1 = await reddit.fetchPage(undefined, ctx);
    expect(server.requests[0].query.get('restrict_sr')).toBe('1');
    expect(p1.mentions).toHaveLength(2);
    expect(p1.cursor).toEqual({ since: { 'search:acme': NOW_S - 2400 - 300 }, pending: ['comments'] });
    expect(p1.more).toBe(true);

    const p2 = await reddit.fetchPage(p1.cursor, ctx);
    expect(server.requests[1].query.get('limit')).toBe('100');
    expect(p2.mentions.map((m) => [m.id, m.in_reply_to])).toEqual([
      ['reddit:lx9c001', 'reddit:1h2abc1'],
      ['reddit:lx9c002', 'reddit:lx9c001'],
    ]);
    expect(p2.mentions[0]).toMatchObject({ title: 'Acme support never answers', text: 'Acme replied to me after I posted here, try DMing them.', subreddit: 'r/CustomerService' });
    expect(p2.cursor).toEqual({ since: { 'search:acme': NOW_S - 2700, comments: NOW_S - 300 - 300 }, pending: [] });
    expect(p2.more).toBe(false);
  });

  it('restricts to subreddits and uses app-only OAuth when credentials are configured', async () => {
    server.enqueue('/api/v1/access_token', { body: fixture('token.json') }, { body: { ...fixture('token.json'), access_token: 'second-token' } });
    server.enqueue('/oauth/r/CustomerService+acme/search', { status: 401, body: { message: 'Unauthorized', error: 401 } }, { body: fixture('search-empty.json') });
    const ctx = ctxFor(server, '    subreddits: [CustomerService, acme]\n    comments: false\n    client_id_env: R_ID\n    client_secret_env: R_SECRET\n', {
      R_ID: 'my-id',
      R_SECRET: 'my-secret',
    });
    const page = await reddit.fetchPage(undefined, ctx);
    expect(page.mentions).toEqual([]);
    expect(page.more).toBe(false);
    expect(page.cursor).toEqual({ since: { 'search:acme': NOW_S - 86_400 }, pending: [] });
    const [tok, first, , second] = server.requests;
    expect(tok.method).toBe('POST');
    expect(tok.body).toBe('grant_type=client_credentials');
    expect(tok.headers.authorization).toBe(`Basic ${Buffer.from('my-id:my-secret').toString('base64')}`);
    expect(first.headers.authorization).toBe(`Bearer ${fixture('token.json').access_token}`);
    expect(first.query.get('restrict_sr')).toBe('1');
    // The refused token was replaced once.
    expect(second.headers.authorization).toBe('Bearer second-token');
  });

  it('fails clearly when the configured credentials are missing or refused', async () => {
    const missing = ctxFor(server, '    client_id_env: R_ID\n    client_secret_env: R_SECRET\n', { R_ID: 'x' });
    await expect(reddit.fetchPage(undefined, missing)).rejects.toThrow(/R_SECRET is not set/);
    server.enqueue('/api/v1/access_token', { status: 401, body: { message: 'Unauthorized', error: 401 } });
    const refused = ctxFor(server, '    client_id_env: R_ID\n    client_secret_env: R_SECRET\n', { R_ID: 'x', R_SECRET: 'y' });
    await expect(reddit.fetchPage(undefined, refused)).rejects.toBeInstanceOf(BadCredentialsError);
  });

  it('waits out a 429 with Retry-After and retries a 500', async () => {
    server.enqueue(
      '/search.json',
      { status: 429, headers: { 'retry-after': '1' }, body: { message: 'Too Many Requests', error: 429 } },
      { status: 500, body: '<html>all our servers are busy</html>' },
      { body: fixture('search-link-page2.json') },
    );
    const started = Date.now();
    const page = await reddit.fetchPage(undefined, ctxFor(server, ''));
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(page.mentions.map((m) => m.id)).toEqual(['reddit:1h2abc4', 'reddit:1h2abc5']);
    expect(server.requests).toHaveLength(3);
  });

  it('rejects malformed items with the item and field, and malformed bodies as a whole', async () => {
    server.enqueue('/search.json', { body: fixture('search-link-malformed-item.json') });
    const ctx = ctxFor(server, '');
    const page = await reddit.fetchPage(undefined, ctx);
    expect(page.mentions.map((m) => m.id)).toEqual(['reddit:1h2abe1', 'reddit:1h2abe3']);
    expect(page.rejects).toHaveLength(1);
    expect(page.rejects[0].reason).toMatch(/data\.children\[1\].*data: created_utc/);
    expect(page.rejects[0].raw).toContain('1h2abe2');

    server.enqueue('/search.json', { body: '<!doctype html><title>Blocked</title>' });
    await expect(reddit.fetchPage(undefined, ctx)).rejects.toBeInstanceOf(MalformedResponseError);
    server.enqueue('/search.json', { body: { kind: 'Listing', data: { children: 'nope' } } });
    await expect(reddit.fetchPage(undefined, ctx)).rejects.toThrow(/not a Listing/);
  });

  it('maps 403 to bad credentials and 404 to a removed resource', async () => {
    const ctx = ctxFor(server, '    subreddits: [gone]\n');
    server.enqueue('/r/gone/search.json', { status: 403, body: { reason: 'private', message: 'Forbidden', error: 403 } });
    await expect(reddit.fetchPage(undefined, ctx)).rejects.toBeInstanceOf(BadCredentialsError);
    server.enqueue('/r/gone/search.json', { status: 404, body: { reason: 'banned', message: 'Not Found', error: 404 } });
    await expect(reddit.fetchPage(undefined, ctx)).rejects.toBeInstanceOf(ResourceGoneError);
  });
});

describe('reddit through pollSourceOnce', () => {
  const server = useRecordedServer('all');
  const store = useTestStore();
  beforeAll(() => {
    // Deterministic routes: the answer depends on the request, not on the order.
    server.handle('/r/CustomerService/search.json', (req) => ({
      body: fixture(req.query.get('after') === 't3_1h2abc3' ? 'search-link-page2.json' : 'search-link-page1.json'),
    }));
    server.handle('/r/CustomerService/comments.json', () => ({ body: fixture('subreddit-comments.json') }));
  });

  const stored = (sourceId: string) =>
    store.rows<{ external_id: string; in_reply_to: string; n: number }>(
      'SELECT external_id, in_reply_to, toUInt32(count()) AS n FROM mentions WHERE source_id = {s:String} GROUP BY external_id, in_reply_to ORDER BY external_id',
      { s: sourceId },
    );

  it('stores every page once, saves the cursor, and survives a crash between fetch and store', async () => {
    const config = configFor(server.url, 'reddit-poll', '    subreddits: [CustomerService]');
    const http = createHttpClient({ backoffMs: 5 });
    const clickhouse = store.client;
    // A store that dies on its first mentions insert: the fetched page is lost, the cursor is not saved.
    const crashing = crashOnce(clickhouse, 'mentions');
    await expect(pollSourceOnce({ clickhouse: crashing, http, config, now: ticking(NOW) }, 'reddit-poll')).rejects.toThrow(/simulated crash/);
    expect(await loadCursor(clickhouse, 'reddit-poll')).toBeUndefined();

    // A fetch whose result is dropped (worker died before storing) changes nothing either.
    await reddit.fetchPage(undefined, connectorContext(config.sources[0], { http, now: NOW }));

    const r = await pollSourceOnce({ clickhouse, http, config, now: ticking(NOW) }, 'reddit-poll');
    expect(r).toMatchObject({ pages: 3, stored: 7, duplicates: 0, rejected: 0, more: false });
    expect(await stored('reddit-poll')).toEqual([
      { external_id: '1h2abc1', in_reply_to: '', n: 1 },
      { external_id: '1h2abc2', in_reply_to: '', n: 1 },
      { external_id: '1h2abc3', in_reply_to: '', n: 1 },
      { external_id: '1h2abc4', in_reply_to: '', n: 1 },
      { external_id: '1h2abc5', in_reply_to: '', n: 1 },
      { external_id: 'lx9c001', in_reply_to: 'reddit:1h2abc1', n: 1 },
      { external_id: 'lx9c002', in_reply_to: 'reddit:lx9c001', n: 1 },
    ]);
    expect(await loadCursor(clickhouse, 'reddit-poll')).toEqual({
      since: { 'search:acme': NOW_S - 900, comments: NOW_S - 600 },
      pending: [],
    });

    // The next poll re-reads the overlap only; nothing is stored twice.
    const again = await pollSourceOnce({ clickhouse, http, config, now: ticking(new Date(NOW.getTime() + 60_000)) }, 'reddit-poll');
    expect(again.stored).toBe(0);
    expect((await stored('reddit-poll')).every((row) => Number(row.n) === 1)).toBe(true);
  });
});
