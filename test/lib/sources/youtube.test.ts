// YouTube Data API v3 comments connector over real HTTP against recorded responses.
import { describe, expect, it } from 'vitest';
import { pollSourceOnce } from '../../../lib/pipeline/poll-source.js';
import { BadCredentialsError, MalformedResponseError, ResourceGoneError } from '../../../lib/sources/errors.js';
import { createHttpClient } from '../../../lib/sources/http.js';
import type { ConnectorContext } from '../../../lib/sources/types.js';
import { youtube, type YouTubeCursor } from '../../../lib/sources/connectors/youtube.js';
import { loadCursor } from '../../../lib/store/cursors-repo.js';
import { connectorContext, monitorConfig, useEnv } from '../../helpers/connector-context.js';
import { crashOnce } from '../../helpers/crash.js';
import { jsonFixtures } from '../../helpers/fixtures.js';
import { useRecordedServer } from '../../helpers/recorded-server.js';
import { useTestStore } from '../../helpers/store.js';

const fixture = jsonFixtures('youtube');
const THREADS = '/youtube/v3/commentThreads';
const SEARCH = '/youtube/v3/search';
const NOW = new Date('2026-11-23T09:00:00Z');
const LATER = new Date('2026-11-23T10:00:00Z');
const KEY_ENV = 'TEST_YOUTUBE_KEY';
const KEY = 'AIzaTestKey';
const VIDEO = 'Acm3Launch1';
const CHANNEL = 'UCacmeBankOfficial000001';
const PAGE2 = 'QURTSl9pMl9fX19fX0FjbWVQMg';

const server = useRecordedServer();
const http = createHttpClient({ backoffMs: 5 });

function config(targets = `    video_ids: [${VIDEO}]`) {
  return monitorConfig(
    `  - id: acme-youtube
    type: youtube
    base_url: ${server.url}
    api_key_env: ${KEY_ENV}
${targets}`,
    ['Acme', 'Acme Bank'],
  );
}

function ctx(opts: { env?: Record<string, string>; now?: Date; targets?: string } = {}): ConnectorContext {
  const env = opts.env ?? { [KEY_ENV]: KEY };
  return connectorContext(config(opts.targets).sources[0], { queries: ['Acme', 'Acme Bank'], http, env, now: opts.now ?? NOW });
}

describe('youtube connector', () => {
  it('pages a video\'s threads by pageToken, keeps replies linked to their parent, and stops at known threads', async () => {
    server.enqueue(THREADS, { body: fixture('video-page1.json') }, { body: fixture('video-page2.json') });
    const p1 = await youtube.fetchPage(undefined, ctx());
    const q = server.requests[0].query;
    expect([q.get('part'), q.get('videoId'), q.get('order'), q.get('key'), q.get('pageToken')]).toEqual(['snippet,replies', VIDEO, 'time', KEY, null]);
    expect(p1.mentions.map((m) => m.id)).toEqual(['youtube:UgwA3', 'youtube:UgwA3.AbC1', 'youtube:UgwA2', 'youtube:UgwA1']);
    expect(p1.mentions[0]).toMatchObject({
      platform: 'youtube',
      text: 'Acme app logged me out three times today',
      created_at: '2026-11-23T08:30:00.000Z',
      url: `https://www.youtube.com/watch?v=${VIDEO}&lc=UgwA3`,
      author: { name: '@dana' },
      engagement: { likes: 5, replies: 1 },
    });
    expect(p1.mentions[0].in_reply_to).toBeUndefined();
    expect(p1.mentions[1].in_reply_to).toBe('youtube:UgwA3');
    expect(p1.more).toBe(true);
    expect((p1.cursor as YouTubeCursor).current).toMatchObject({ key: `video:${VIDEO}`, page_token: PAGE2 });

    const p2 = await youtube.fetchPage(p1.cursor, ctx());
    expect(server.requests[1].query.get('pageToken')).toBe(PAGE2);
    expect(p2.mentions.map((m) => m.id)).toEqual(['youtube:UgwA0']);
    expect(p2.rejects).toHaveLength(1);
    expect(p2.rejects[0].reason).toMatch(/items\[1\] of video Acm3Launch1 \(UgwZ9\): snippet\.topLevelComment\.snippet\.publishedAt/);
    expect(p2.more).toBe(false);
    const c2 = p2.cursor as YouTubeCursor;
    expect(c2.since).toEqual({ [`video:${VIDEO}`]: '2026-11-23T08:30:00.000Z' });

    server.enqueue(THREADS, { body: fixture('video-round2.json') });
    const p3 = await youtube.fetchPage(c2, ctx({ now: LATER }));
    // The thread at the mark comes again (the store drops it); paging stops at the older one.
    expect(p3.mentions.map((m) => m.id)).toEqual(['youtube:UgwA4', 'youtube:UgwA3', 'youtube:UgwA3.AbC1']);
    expect(p3.more).toBe(false);
    expect((p3.cursor as YouTubeCursor).since[`video:${VIDEO}`]).toBe('2026-11-23T09:30:00.000Z');
    expect(server.requests).toHaveLength(3);
  });

  it('search mode: one search.list for all queries, then the found videos\' comments; comments-disabled videos are dropped', async () => {
    const targets = `    channel_ids: [${CHANNEL}]\n    search_terms: refund\n    search: { every_minutes: 360, max_videos: 5 }`;
    server.enqueue(SEARCH, { body: fixture('search.json') });
    server.handle(THREADS, (req) =>
      req.query.get('videoId') === 'RevwAcme001'
        ? { body: fixture('found-video.json') }
        : req.query.get('videoId') === 'NoCmtAcme02'
          ? { status: 403, body: fixture('comments-disabled.json') }
          : { body: fixture('empty.json') },
    );
    const s = await youtube.fetchPage(undefined, ctx({ targets }));
    const sq = server.requests[0].query;
    expect([sq.get('q'), sq.get('type'), sq.get('order'), sq.get('maxResults'), sq.get('publishedAfter')]).toEqual([
      'Acme|"Acme Bank"', 'video', 'date', '5', '2026-11-16T09:00:00Z',
    ]);
    expect(s.mentions.map((m) => m.id)).toEqual(['youtube:video:RevwAcme001', 'youtube:video:NoCmtAcme02']);
    expect(s.mentions[1].title).toBe('Acme & friends unboxing');
    expect(s.more).toBe(true);
    let c = s.cursor as YouTubeCursor;
    expect(c.pending).toEqual([`channel:${CHANNEL}`, 'video:RevwAcme001', 'video:NoCmtAcme02']);
    expect(c.last_search).toBe(NOW.toISOString());

    const ch = await youtube.fetchPage(c, ctx({ targets }));
    expect(server.requests[1].query.get('allThreadsRelatedToChannelId')).toBe(CHANNEL);
    expect(server.requests[1].query.get('searchTerms')).toBe('refund');
    expect(ch.mentions).toEqual([]);
    const found = await youtube.fetchPage(ch.cursor, ctx({ targets }));
    expect(found.mentions.map((m) => m.id)).toEqual(['youtube:UgxR1']);
    const disabled = await youtube.fetchPage(found.cursor, ctx({ targets }));
    expect(disabled.mentions).toEqual([]);
    expect(disabled.more).toBe(false);
    c = disabled.cursor as YouTubeCursor;
    expect(Object.keys(c.found)).toEqual(['RevwAcme001']);
    expect(c.since).toEqual({ 'video:RevwAcme001': '2026-11-22T16:00:00.000Z' });

    // The next round, before search is due again, reads the channel and the watched video only.
    const before = server.requests.length;
    const n1 = await youtube.fetchPage(c, ctx({ targets, now: LATER }));
    const n2 = await youtube.fetchPage(n1.cursor, ctx({ targets, now: LATER }));
    expect(n2.more).toBe(false);
    expect(server.requests.slice(before).map((r) => r.path)).toEqual([THREADS, THREADS]);
    expect(server.requests.filter((r) => r.path === SEARCH)).toHaveLength(1);
  });

  it('treats an empty page as the end of the round', async () => {
    server.enqueue(THREADS, { body: fixture('empty.json') });
    const p = await youtube.fetchPage(undefined, ctx());
    expect(p).toMatchObject({ mentions: [], rejects: [], more: false });
    expect((p.cursor as YouTubeCursor).since).toEqual({});
  });

  it('waits out a 429 with Retry-After and retries a 500', async () => {
    server.enqueue(THREADS, { status: 429, headers: { 'retry-after': '1' }, body: { error: { code: 429 } } }, { status: 500, body: { error: { code: 500 } } }, {
      body: fixture('video-page1.json'),
    });
    const started = Date.now();
    const p = await youtube.fetchPage(undefined, ctx());
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(p.mentions).toHaveLength(4);
    expect(server.requests).toHaveLength(3);
  });

  it('fails without retrying on an invalid or missing key, and on a configured video that is closed or gone', async () => {
    server.enqueue(THREADS, { status: 400, body: fixture('key-invalid.json') });
    const err = await youtube.fetchPage(undefined, ctx()).catch((e) => e);
    expect(err).toBeInstanceOf(BadCredentialsError);
    expect(err.message).toContain(KEY_ENV);
    expect(err.message).not.toContain(KEY);
    await expect(youtube.fetchPage(undefined, ctx({ env: {} }))).rejects.toThrow(new RegExp(`${KEY_ENV}.*not set`));
    server.enqueue(THREADS, { status: 403, body: fixture('comments-disabled.json') });
    await expect(youtube.fetchPage(undefined, ctx())).rejects.toBeInstanceOf(BadCredentialsError);
    server.enqueue(THREADS, { status: 404, body: fixture('video-not-found.json') });
    await expect(youtube.fetchPage(undefined, ctx())).rejects.toBeInstanceOf(ResourceGoneError);
    expect(server.requests).toHaveLength(3);
  });

  it('rejects a malformed body and a config without targets', async () => {
    server.enqueue(THREADS, { body: '<html>' });
    await expect(youtube.fetchPage(undefined, ctx())).rejects.toBeInstanceOf(MalformedResponseError);
    server.enqueue(THREADS, { body: { kind: 'youtube#commentThreadListResponse' } });
    await expect(youtube.fetchPage(undefined, ctx())).rejects.toThrow(/items/);
    // A config without targets is refused when it loads, and by the connector if one gets through.
    expect(() => config('')).toThrow(/sources\[0\]: set video_ids, channel_ids or search/);
    const noTargets = { ...ctx(), source: { ...config().sources[0], video_ids: [] } };
    await expect(youtube.fetchPage(undefined, noTargets)).rejects.toThrow(/video_ids, channel_ids or search/);
  });
});

describe('youtube through pollSourceOnce', () => {
  const store = useTestStore();
  useEnv({ [KEY_ENV]: KEY });

  it('stores comments and replies, saves the cursor, and survives crashes without loss or duplicates', async () => {
    const clickhouse = store.client;
    let round = 1;
    server.handle(THREADS, (req) => ({
      body: fixture(round === 2 ? 'video-round2.json' : req.query.get('pageToken') === PAGE2 ? 'video-page2.json' : 'video-page1.json'),
    }));
    let tick = 0;
    const deps = { http, config: config(), now: () => new Date((round === 2 ? LATER : NOW).getTime() + tick++ * 1000) };

    await expect(pollSourceOnce({ ...deps, clickhouse: crashOnce(clickhouse, 'mentions') }, 'acme-youtube')).rejects.toThrow(/simulated crash/);
    expect(await loadCursor(clickhouse, 'acme-youtube')).toBeUndefined();
    await expect(pollSourceOnce({ ...deps, clickhouse: crashOnce(clickhouse, 'source_cursors') }, 'acme-youtube')).rejects.toThrow(/simulated crash/);
    expect(await loadCursor(clickhouse, 'acme-youtube')).toBeUndefined();

    const r1 = await pollSourceOnce({ ...deps, clickhouse }, 'acme-youtube');
    expect(r1).toMatchObject({ pages: 2, stored: 1, duplicates: 4, rejected: 1, more: false });
    const rows = await store.rows(
      "SELECT external_id, author_name, in_reply_to FROM mentions FINAL WHERE source_id = 'acme-youtube' ORDER BY external_id",
    );
    expect(rows).toEqual([
      { external_id: 'UgwA0', author_name: '@ana', in_reply_to: '' },
      { external_id: 'UgwA1', author_name: '@lee', in_reply_to: '' },
      { external_id: 'UgwA2', author_name: '@sam', in_reply_to: '' },
      { external_id: 'UgwA3', author_name: '@dana', in_reply_to: '' },
      { external_id: 'UgwA3.AbC1', author_name: '@AcmeBank', in_reply_to: 'youtube:UgwA3' },
    ]);
    expect((await loadCursor<YouTubeCursor>(clickhouse, 'acme-youtube'))?.since).toEqual({ [`video:${VIDEO}`]: '2026-11-23T08:30:00.000Z' });

    round = 2;
    const r2 = await pollSourceOnce({ ...deps, clickhouse }, 'acme-youtube');
    expect(r2).toMatchObject({ pages: 1, stored: 1, duplicates: 2 });
    const count = await store.rows<{ n: string }>("SELECT count() AS n FROM mentions WHERE source_id = 'acme-youtube'");
    expect(Number(count[0].n)).toBe(6);
    expect((await loadCursor<YouTubeCursor>(clickhouse, 'acme-youtube'))?.since).toEqual({ [`video:${VIDEO}`]: '2026-11-23T09:30:00.000Z' });
  });
});
