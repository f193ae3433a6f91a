// Facebook Page + Instagram comments (Graph API) connector over real HTTP against recorded responses.
import { describe, expect, it } from 'vitest';
import { pollSourceOnce } from '../../../lib/pipeline/poll-source.js';
import { BadCredentialsError, MalformedResponseError, RateLimitedError, ResourceGoneError } from '../../../lib/sources/errors.js';
import { facebook, type FacebookCursor } from '../../../lib/sources/connectors/facebook.js';
import { graphErrorOf } from '../../../lib/sources/graph-api.js';
import { createHttpClient } from '../../../lib/sources/http.js';
import type { ConnectorContext } from '../../../lib/sources/types.js';
import { loadCursor } from '../../../lib/store/cursors-repo.js';
import { connectorContext, monitorConfig, useEnv } from '../../helpers/connector-context.js';
import { crashOnce } from '../../helpers/crash.js';
import { jsonFixtures } from '../../helpers/fixtures.js';
import { useRecordedServer } from '../../helpers/recorded-server.js';
import { useTestStore } from '../../helpers/store.js';

const fixture = jsonFixtures('facebook');
const PAGE = '104857600012345';
const IG = '17841400000012345';
const FEED = `/v21.0/${PAGE}/feed`;
const MEDIA = `/v21.0/${IG}/media`;
const NOW = new Date('2026-11-23T09:00:00Z');
const LATER = new Date('2026-11-23T10:00:00Z');
const TOKEN_ENV = 'TEST_FB_PAGE_TOKEN';
const TOKEN = 'EAAGtestpagetoken';
const AFTER1 = 'QVFIUlBvc3QyAfter';

const server = useRecordedServer();
const http = createHttpClient({ backoffMs: 5 });

function config(ids = `    page_id: "${PAGE}"\n    instagram_user_id: "${IG}"`) {
  return monitorConfig(
    `  - id: acme-meta
    type: facebook
    base_url: ${server.url}/v21.0
    access_token_env: ${TOKEN_ENV}
${ids}
    posts_per_page: 2`,
    ['Acme'],
  );
}

function ctx(opts: { env?: Record<string, string>; now?: Date; ids?: string } = {}): ConnectorContext {
  const env = opts.env ?? { [TOKEN_ENV]: TOKEN };
  return connectorContext(config(opts.ids).sources[0], { queries: ['Acme'], http, env, now: opts.now ?? NOW });
}
const fbOnly = `    page_id: "${PAGE}"`;

describe('facebook connector', () => {
  it('pages the Page feed by after-cursor, then Instagram media; replies keep their parent', async () => {
    server.enqueue(FEED, { body: fixture('feed-page1.json') }, { body: fixture('feed-page2.json') });
    server.enqueue(MEDIA, { body: fixture('media-page1.json') });

    const p1 = await facebook.fetchPage(undefined, ctx());
    const q = server.requests[0].query;
    expect(server.requests[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(q.get('access_token')).toBeNull();
    expect(q.get('fields')).toContain('comments.filter(stream).order(reverse_chronological).limit(100){id,message,created_time,from,like_count,comment_count,parent{id},permalink_url}');
    expect([q.get('limit'), q.get('after')]).toEqual(['2', null]);
    expect(p1.mentions.map((m) => m.id)).toEqual([
      'facebook:900000000000003_500003',
      'facebook:900000000000003_500002',
      'facebook:900000000000003_500001',
      'facebook:900000000000002_400001',
    ]);
    expect(p1.mentions[0]).toMatchObject({ in_reply_to: 'facebook:900000000000003_500002', author: { id: PAGE, name: 'Acme Bank' }, created_at: '2026-11-23T08:50:00.000Z', by_brand: true });
    expect(p1.mentions.slice(1).every((m) => m.by_brand === false)).toBe(true);
    expect(p1.mentions[1]).toMatchObject({
      platform: 'facebook',
      text: 'Still no interest paid on my account???',
      title: 'Our new Acme savings account is live!',
      author: { id: '7001', name: 'Chris B' },
      engagement: { likes: 3, replies: 1 },
      url: 'https://www.facebook.com/acmebank/posts/900000000000003?comment_id=500002',
    });
    expect(p1.mentions[1].in_reply_to).toBeUndefined();
    expect(p1.more).toBe(true);
    expect((p1.cursor as FacebookCursor).current).toMatchObject({ platform: 'facebook', after: AFTER1 });
    expect(JSON.stringify(p1.cursor)).not.toContain(TOKEN);

    const p2 = await facebook.fetchPage(p1.cursor, ctx());
    expect(server.requests[1].query.get('after')).toBe(AFTER1);
    expect(p2.mentions.map((m) => m.id)).toEqual(['facebook:900000000000001_300002']);
    expect(p2.rejects).toHaveLength(1);
    expect(p2.rejects[0].reason).toMatch(/data\[0\] of the facebook feed \(104857600012345_900000000000001\) comments\.data\[1\] \(900000000000001_300001\): message/);
    // The page reached posts older than posts_within_days: the Facebook round ends though Graph offers a next page.
    expect(p2.more).toBe(true);
    const c2 = p2.cursor as FacebookCursor;
    expect(c2).toMatchObject({ since: { facebook: '2026-11-23T08:50:00.000Z' }, pending: ['instagram'] });
    expect(c2.current).toBeUndefined();

    const p3 = await facebook.fetchPage(c2, ctx());
    expect(server.requests[2].path).toBe(MEDIA);
    expect(server.requests[2].query.get('fields')).toBe(
      'id,caption,permalink,timestamp,username,comments{id,text,timestamp,username,like_count,replies{id,text,timestamp,username,like_count}}',
    );
    expect(p3.mentions.map((m) => m.id)).toEqual(['instagram:17850000000000012', 'instagram:17850000000000013']);
    expect(p3.mentions[0]).toMatchObject({ platform: 'instagram', author: { name: 'dana.k' }, url: 'https://www.instagram.com/p/DAcme2/', engagement: { replies: 1 } });
    expect(p3.mentions[1].in_reply_to).toBe('instagram:17850000000000012');
    // The account's own reply under its media is the brand's (by_brand), the customer's comment is not.
    expect(p3.mentions.map((m) => [m.author.name, m.by_brand])).toEqual([['dana.k', false], ['acmebank', true]]);
    expect(p3.rejects).toHaveLength(1);
    expect(p3.rejects[0].reason).toMatch(/comments\.data\[1\] \(17850000000000011\): text/);
    expect(p3.more).toBe(false);
    expect((p3.cursor as FacebookCursor).since).toEqual({ facebook: '2026-11-23T08:50:00.000Z', instagram: '2026-11-23T08:00:00.000Z' });

    // Next round: only comments at or after the marks.
    server.enqueue(FEED, { body: fixture('feed-round2.json') });
    server.enqueue(MEDIA, { body: fixture('media-page1.json') });
    const p4 = await facebook.fetchPage(p3.cursor, ctx({ now: LATER }));
    expect(p4.mentions.map((m) => m.id)).toEqual(['facebook:900000000000003_500004', 'facebook:900000000000003_500003']);
    const p5 = await facebook.fetchPage(p4.cursor, ctx({ now: LATER }));
    expect(p5.mentions.map((m) => m.id)).toEqual(['instagram:17850000000000013']);
    expect((p5.cursor as FacebookCursor).since.facebook).toBe('2026-11-23T09:40:00.000Z');
  });

  it('treats an empty feed as the end of the round', async () => {
    server.enqueue(FEED, { body: fixture('empty.json') });
    const p = await facebook.fetchPage(undefined, ctx({ ids: fbOnly }));
    expect(p).toMatchObject({ mentions: [], rejects: [], more: false });
    expect((p.cursor as FacebookCursor).since).toEqual({});
  });

  it('waits out a 429 with Retry-After and retries a 500', async () => {
    server.enqueue(FEED, { status: 429, headers: { 'retry-after': '1' }, body: fixture('throttled.json') }, { status: 500, body: { error: { code: 1, message: 'An unknown error occurred' } } }, {
      body: fixture('feed-page1.json'),
    });
    const started = Date.now();
    const p = await facebook.fetchPage(undefined, ctx({ ids: fbOnly }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(p.mentions).toHaveLength(4);
    expect(server.requests).toHaveLength(3);
  });

  it('maps an expired token (400, OAuthException 190) to BadCredentialsError, without retrying', async () => {
    server.enqueue(FEED, { status: 400, body: fixture('expired-token.json') });
    const err = await facebook.fetchPage(undefined, ctx({ ids: fbOnly })).catch((e) => e);
    expect(err).toBeInstanceOf(BadCredentialsError);
    expect(err.message).toContain(TOKEN_ENV);
    expect(err.message).not.toContain(TOKEN);
    expect(server.requests).toHaveLength(1);
    server.enqueue(FEED, { status: 401, body: fixture('expired-token.json') });
    await expect(facebook.fetchPage(undefined, ctx({ ids: fbOnly }))).rejects.toBeInstanceOf(BadCredentialsError);
    await expect(facebook.fetchPage(undefined, ctx({ ids: fbOnly, env: {} }))).rejects.toThrow(new RegExp(`${TOKEN_ENV}.*not set`));
    expect(server.requests).toHaveLength(2);
  });

  it('maps Graph throttling and a missing Page to their typed errors', async () => {
    server.enqueue(FEED, { status: 400, body: fixture('throttled.json') });
    await expect(facebook.fetchPage(undefined, ctx({ ids: fbOnly }))).rejects.toBeInstanceOf(RateLimitedError);
    server.enqueue(FEED, { status: 400, body: fixture('page-gone.json') });
    await expect(facebook.fetchPage(undefined, ctx({ ids: fbOnly }))).rejects.toBeInstanceOf(ResourceGoneError);
    server.enqueue(FEED, { status: 404, body: fixture('page-gone.json') });
    await expect(facebook.fetchPage(undefined, ctx({ ids: fbOnly }))).rejects.toBeInstanceOf(ResourceGoneError);
  });

  it('reads a Graph error even when the shared client cut the body short', () => {
    const cut = `graph.facebook.com answered 400 for https://graph.facebook.com/v21.0/1/feed: {"error":{"message":"Error validating access token: Session has expired on Friday, 21-Nov-26 09:00:00 PST. The current time is Sunday, 23-Nov-26 01:00:00 PST.","type":"OAuthExce`;
    expect(graphErrorOf(cut)).toMatchObject({ code: undefined, message: expect.stringContaining('Error validating access token') });
  });

  it('cuts a long post to a title without splitting an emoji at the cut', async () => {
    const page = fixture('feed-page1.json') as { data: { message: string }[] };
    const long = `${'a'.repeat(199)}😀 and the rest of the announcement`;
    page.data[0].message = long;
    server.enqueue(FEED, { body: page });
    const p = await facebook.fetchPage(undefined, ctx({ ids: fbOnly }));
    expect(long.slice(0, 200).at(-1)).toBe('\ud83d'); // what slice(0, 200) kept: half the emoji
    expect(p.mentions[0].title).toBe('a'.repeat(199));
  });

  it('rejects a malformed body and a config without targets', async () => {
    server.enqueue(FEED, { body: 'not json' });
    await expect(facebook.fetchPage(undefined, ctx({ ids: fbOnly }))).rejects.toBeInstanceOf(MalformedResponseError);
    server.enqueue(FEED, { body: { paging: {} } });
    await expect(facebook.fetchPage(undefined, ctx({ ids: fbOnly }))).rejects.toThrow(/feed list: data/);
    // A config without targets is refused when it loads, and by the connector if one gets through.
    expect(() => config('')).toThrow(/sources\[0\]: set page_id, instagram_user_id or both/);
    const noTargets = { ...ctx({ ids: fbOnly }), source: { ...config(fbOnly).sources[0], page_id: undefined } };
    await expect(facebook.fetchPage(undefined, noTargets)).rejects.toThrow(/page_id, instagram_user_id or both/);
  });
});

describe('facebook through pollSourceOnce', () => {
  const store = useTestStore();
  useEnv({ [TOKEN_ENV]: TOKEN });

  it('stores comments on the brand\'s posts, saves the cursor, and survives crashes without loss or duplicates', async () => {
    const clickhouse = store.client;
    let round = 1;
    server.handle(FEED, (req) => ({
      body: fixture(round === 2 ? 'feed-round2.json' : req.query.get('after') === AFTER1 ? 'feed-page2.json' : 'feed-page1.json'),
    }));
    server.handle(MEDIA, () => ({ body: fixture('media-page1.json') }));
    let tick = 0;
    const deps = { http, config: config(), now: () => new Date((round === 2 ? LATER : NOW).getTime() + tick++ * 1000) };

    await expect(pollSourceOnce({ ...deps, clickhouse: crashOnce(clickhouse, 'mentions') }, 'acme-meta')).rejects.toThrow(/simulated crash/);
    expect(await loadCursor(clickhouse, 'acme-meta')).toBeUndefined();
    await expect(pollSourceOnce({ ...deps, clickhouse: crashOnce(clickhouse, 'source_cursors') }, 'acme-meta')).rejects.toThrow(/simulated crash/);
    expect(await loadCursor(clickhouse, 'acme-meta')).toBeUndefined();

    const r1 = await pollSourceOnce({ ...deps, clickhouse }, 'acme-meta');
    expect(r1).toMatchObject({ pages: 3, duplicates: 4, rejected: 2, more: false });
    const rows = await store.rows<{ platform: string; external_id: string; in_reply_to: string }>(
      "SELECT platform, external_id, in_reply_to FROM mentions FINAL WHERE source_id = 'acme-meta' ORDER BY platform, external_id",
    );
    // Comments are matched to the brand through their post (the mention's title), like Hacker News comments.
    expect(rows).toEqual([
      { platform: 'facebook', external_id: '900000000000001_300002', in_reply_to: '' },
      { platform: 'facebook', external_id: '900000000000002_400001', in_reply_to: '' },
      { platform: 'facebook', external_id: '900000000000003_500001', in_reply_to: '' },
      { platform: 'facebook', external_id: '900000000000003_500002', in_reply_to: '' },
      { platform: 'facebook', external_id: '900000000000003_500003', in_reply_to: 'facebook:900000000000003_500002' },
      { platform: 'instagram', external_id: '17850000000000012', in_reply_to: '' },
      { platform: 'instagram', external_id: '17850000000000013', in_reply_to: 'instagram:17850000000000012' },
    ]);
    expect((await loadCursor<FacebookCursor>(clickhouse, 'acme-meta'))?.since).toEqual({
      facebook: '2026-11-23T08:50:00.000Z',
      instagram: '2026-11-23T08:00:00.000Z',
    });

    round = 2;
    const r2 = await pollSourceOnce({ ...deps, clickhouse }, 'acme-meta');
    expect(r2).toMatchObject({ pages: 2, stored: 1, duplicates: 2 });
    const count = await store.rows<{ n: string }>("SELECT count() AS n FROM mentions WHERE source_id = 'acme-meta'");
    expect(Number(count[0].n)).toBe(8);
    expect((await loadCursor<FacebookCursor>(clickhouse, 'acme-meta'))?.since.facebook).toBe('2026-11-23T09:40:00.000Z');
  });
});
