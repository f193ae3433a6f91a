// Stack Exchange connector over real HTTP against recorded API wrappers (page/has_more,
// backoff, quota_remaining), and through the poll loop into an embedded ClickHouse.
import { beforeAll, describe, expect, it } from 'vitest';
import { pollSourceOnce } from '../../../lib/pipeline/poll-source.js';
import { BadCredentialsError, MalformedResponseError, RateLimitedError, ResourceGoneError } from '../../../lib/sources/errors.js';
import { createHttpClient } from '../../../lib/sources/http.js';
import { siteUrl, stackexchange, type StackExchangeCursor } from '../../../lib/sources/connectors/stackexchange.js';
import type { ConnectorContext } from '../../../lib/sources/types.js';
import { loadCursor } from '../../../lib/store/cursors-repo.js';
import { connectorContext, monitorConfig, ticking } from '../../helpers/connector-context.js';
import { jsonFixtures } from '../../helpers/fixtures.js';
import { useRecordedServer, type RecordedServer } from '../../helpers/recorded-server.js';
import { useTestStore } from '../../helpers/store.js';

const NOW = new Date('2026-11-20T12:00:00Z');
const NOW_S = NOW.getTime() / 1000;
const fixture = jsonFixtures('stackexchange');
const EXCERPTS = '/2.3/search/excerpts';

function configFor(url: string, sourceId: string, extra = '') {
  return monitorConfig(`  - id: ${sourceId}
    type: stackexchange
    base_url: ${url}/2.3
    site: stackoverflow
${extra}`);
}

function ctxFor(server: RecordedServer, extra = '', env: Record<string, string> = {}, now = NOW): ConnectorContext {
  return connectorContext(configFor(server.url, 'se-unit', extra).sources[0], { env, now });
}

describe('stackexchange connector', () => {
  const server = useRecordedServer();

  it('derives site URLs', () => {
    expect(siteUrl({ site: 'stackoverflow' })).toBe('https://stackoverflow.com');
    expect(siteUrl({ site: 'math' })).toBe('https://math.stackexchange.com');
    expect(siteUrl({ site: 'x', site_url: 'https://x.example/' })).toBe('https://x.example');
  });

  it('pages a fixed fromdate/todate window with page and has_more, answers pointing at their question', async () => {
    server.enqueue(EXCERPTS, { body: fixture('excerpts-page1.json') }, { body: fixture('excerpts-page2.json') });
    const ctx = ctxFor(server);
    const p1 = await stackexchange.fetchPage(undefined, ctx);
    expect(Object.fromEntries(server.requests[0].query)).toEqual({
      q: 'acme',
      site: 'stackoverflow',
      fromdate: String(NOW_S - 86_400),
      todate: String(NOW_S),
      sort: 'creation',
      order: 'desc',
      page: '1',
      pagesize: '100',
      filter: 'withbody',
    });
    expect(p1.mentions.map((m) => [m.id, m.in_reply_to])).toEqual([
      ['stackexchange:stackoverflow/a/79100002', 'stackexchange:stackoverflow/q/79100001'],
      ['stackexchange:stackoverflow/q/79100001', undefined],
    ]);
    expect(p1.mentions[1]).toMatchObject({
      platform: 'stackexchange',
      title: 'Acme SDK throws "invalid token" after upgrade',
      text: 'Since upgrading the acme-sdk to v3 every call fails with invalid token. What changed in Acme?',
      url: 'https://stackoverflow.com/q/79100001',
      created_at: new Date((NOW_S - 1200) * 1000).toISOString(),
      engagement: { likes: 2, shares: 0, replies: 0 },
    });
    expect(p1.mentions[0].url).toBe('https://stackoverflow.com/a/79100002');
    expect(p1.cursor).toEqual({ since: {}, pending: [], window: { query: 'acme', from: NOW_S - 86_400, to: NOW_S, page: 2 }, quota_remaining: 9876 });
    expect(p1.more).toBe(true);

    const p2 = await stackexchange.fetchPage(p1.cursor, ctx);
    expect(server.requests[1].query.get('page')).toBe('2');
    expect(server.requests[1].query.get('todate')).toBe(String(NOW_S));
    expect(p2.mentions.map((m) => m.id)).toEqual(['stackexchange:stackoverflow/q/79100000']);
    expect(p2.mentions[0].engagement.replies).toBe(2);
    expect(p2.cursor).toEqual({ since: { acme: NOW_S - 300 }, pending: [], quota_remaining: 9875 });
    expect(p2.more).toBe(false);
  });

  it('honours `backoff`: stores it in the cursor and skips polls until it has passed', async () => {
    server.enqueue(EXCERPTS, { body: fixture('excerpts-backoff.json') }, { body: fixture('excerpts-empty.json') });
    const p1 = await stackexchange.fetchPage(undefined, ctxFor(server));
    expect(p1.mentions).toHaveLength(1);
    const c1 = p1.cursor as StackExchangeCursor;
    expect(c1.blocked_until).toBe(NOW.getTime() + 10_000);
    expect(c1.window?.page).toBe(2);
    expect(p1.more).toBe(false); // has_more, but not now

    const skipped = await stackexchange.fetchPage(p1.cursor, ctxFor(server, '', {}, new Date(NOW.getTime() + 5_000)));
    expect(skipped).toEqual({ mentions: [], rejects: [], cursor: p1.cursor, more: false });
    expect(server.requests).toHaveLength(1);

    const later = new Date(NOW.getTime() + 11_000);
    const p2 = await stackexchange.fetchPage(p1.cursor, ctxFor(server, '', {}, later));
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1].query.get('page')).toBe('2');
    expect((p2.cursor as StackExchangeCursor).blocked_until).toBeUndefined();
  });

  it('stops at an exhausted daily quota until midnight UTC, and sends the key', async () => {
    server.enqueue(EXCERPTS, { body: fixture('excerpts-quota-exhausted.json') });
    const ctx = ctxFor(server, '    key_env: SE_KEY\n', { SE_KEY: 'k3y((' });
    const p = await stackexchange.fetchPage(undefined, ctx);
    expect(server.requests[0].query.get('key')).toBe('k3y((');
    expect(p.cursor).toMatchObject({ quota_remaining: 0, blocked_until: Date.parse('2026-11-21T00:00:00Z') });
    await expect(stackexchange.fetchPage(undefined, ctxFor(server, '    key_env: SE_KEY\n'))).rejects.toThrow(/SE_KEY is not set/);
  });

  it('reads /search/advanced with owners and links', async () => {
    server.enqueue('/2.3/search/advanced', { body: fixture('advanced-page1.json') });
    const p = await stackexchange.fetchPage(undefined, ctxFor(server, '    endpoint: advanced\n'));
    expect(p.mentions[0]).toMatchObject({
      id: 'stackexchange:stackoverflow/q/79100009',
      url: 'https://stackoverflow.com/questions/79100009/acme-login-loop',
      author: { id: '5555', name: 'José Dev', followers: 0 },
      text: 'Acme login redirects forever on Safari 18.',
    });
  });

  it('waits out a 429 with Retry-After, retries a 500, and turns a throttle_violation into a rate limit', async () => {
    server.enqueue(
      EXCERPTS,
      { status: 429, headers: { 'retry-after': '1' }, body: { error_id: 429, error_name: 'too_many_requests', error_message: 'slow down' } },
      { status: 500, body: { error_id: 500, error_name: 'internal_error', error_message: 'oops' } },
      { body: fixture('excerpts-page2.json') },
    );
    const started = Date.now();
    const p = await stackexchange.fetchPage(undefined, ctxFor(server));
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(p.mentions).toHaveLength(1);
    expect(server.requests).toHaveLength(3);

    server.enqueue(EXCERPTS, { status: 400, body: fixture('error-throttle.json') });
    const err = await stackexchange.fetchPage(undefined, ctxFor(server)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect((err as RateLimitedError).retryAfterMs).toBe(8000);
  });

  it('rejects a malformed item by index and field, and a malformed body as a whole', async () => {
    server.enqueue(EXCERPTS, { body: fixture('excerpts-malformed-item.json') });
    const p = await stackexchange.fetchPage(undefined, ctxFor(server));
    expect(p.mentions.map((m) => m.id)).toEqual(['stackexchange:stackoverflow/q/79100007']);
    expect(p.rejects).toHaveLength(1);
    expect(p.rejects[0].reason).toMatch(/^items\[1\] of page 1 of the stackoverflow search for "acme": creation_date: /);

    server.enqueue(EXCERPTS, { body: { items: 'none', has_more: false } });
    await expect(stackexchange.fetchPage(undefined, ctxFor(server))).rejects.toBeInstanceOf(MalformedResponseError);
    server.enqueue(EXCERPTS, { body: fixture('excerpts-empty.json') });
    const empty = await stackexchange.fetchPage(undefined, ctxFor(server));
    expect(empty).toEqual({ mentions: [], rejects: [], cursor: { since: { acme: NOW_S - 300 }, pending: [], quota_remaining: 9876 }, more: false });
  });

  it('maps 403 to bad credentials and 404 to a removed resource', async () => {
    server.enqueue(EXCERPTS, { status: 403, body: { error_id: 403, error_name: 'access_denied', error_message: 'key is not valid' } });
    await expect(stackexchange.fetchPage(undefined, ctxFor(server))).rejects.toBeInstanceOf(BadCredentialsError);
    server.enqueue(EXCERPTS, { status: 404, body: { error_id: 404, error_name: 'no_method', error_message: 'no such site' } });
    await expect(stackexchange.fetchPage(undefined, ctxFor(server))).rejects.toBeInstanceOf(ResourceGoneError);
  });
});

describe('stackexchange through pollSourceOnce', () => {
  const server = useRecordedServer('all');
  const store = useTestStore();
  beforeAll(() => {
    server.handle(EXCERPTS, (req) => ({ body: fixture(req.query.get('page') === '2' ? 'excerpts-page2.json' : 'excerpts-page1.json') }));
  });

  it('stores questions and answers once, across a crash between fetch and store', async () => {
    const config = configFor(server.url, 'se-poll');
    const http = createHttpClient({ backoffMs: 5 });
    const clickhouse = store.client;
    // The worker fetched page 1 and died before storing it: nothing saved, nothing lost.
    await stackexchange.fetchPage(undefined, connectorContext(config.sources[0], { http, now: NOW }));
    expect(await loadCursor(clickhouse, 'se-poll')).toBeUndefined();

    const r = await pollSourceOnce({ clickhouse, http, config, now: ticking(NOW) }, 'se-poll');
    expect(r).toMatchObject({ pages: 2, stored: 3, duplicates: 0, more: false });
    const again = await pollSourceOnce(
      { clickhouse, http, config: configFor(server.url, 'se-poll'), now: ticking(new Date(NOW.getTime() + 60_000)) },
      'se-poll',
    );
    expect(again).toMatchObject({ stored: 0, duplicates: 3 });
    const rows = await store.rows<{ external_id: string; in_reply_to: string; n: number }>(
      "SELECT external_id, in_reply_to, toUInt32(count()) AS n FROM mentions WHERE source_id = 'se-poll' GROUP BY ALL ORDER BY external_id",
    );
    expect(rows).toEqual([
      { external_id: 'stackoverflow/a/79100002', in_reply_to: 'stackexchange:stackoverflow/q/79100001', n: 1 },
      { external_id: 'stackoverflow/q/79100000', in_reply_to: '', n: 1 },
      { external_id: 'stackoverflow/q/79100001', in_reply_to: '', n: 1 },
    ]);
    const c = (await loadCursor(clickhouse, 'se-poll')) as StackExchangeCursor;
    expect(c.since.acme).toBeGreaterThanOrEqual(NOW_S + 60 - 300);
    expect(c.window).toBeUndefined();
  });
});
