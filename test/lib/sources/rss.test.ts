// RSS/Atom connector over real HTTP against recorded feeds (Google News search RSS, an Atom
// blog, a forum's RSS), with ETag / If-Modified-Since, and through the poll loop into ClickHouse.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pollSourceOnce } from '../../../lib/pipeline/poll-source.js';
import { BadCredentialsError, MalformedResponseError, ResourceGoneError } from '../../../lib/sources/errors.js';
import { createHttpClient } from '../../../lib/sources/http.js';
import { expandFeeds, rss, type RssCursor } from '../../../lib/sources/connectors/rss.js';
import type { ConnectorContext } from '../../../lib/sources/types.js';
import { loadCursor } from '../../../lib/store/cursors-repo.js';
import { connectorContext, monitorConfig, ticking } from '../../helpers/connector-context.js';
import { crashWhenArmed } from '../../helpers/crash.js';
import { textFixtures } from '../../helpers/fixtures.js';
import { useRecordedServer, type RecordedServer } from '../../helpers/recorded-server.js';
import { useTestStore } from '../../helpers/store.js';

const NOW = new Date('2026-11-20T12:00:00Z');
const xml = textFixtures('rss');
const RSS_TYPE = { 'content-type': 'application/rss+xml; charset=UTF-8' };
const ATOM_TYPE = { 'content-type': 'application/atom+xml; charset=utf-8' };
const GN = '/rss/search';
const BLOG = '/feed.atom';

function configFor(url: string, sourceId: string, extra = '') {
  return monitorConfig(`  - id: ${sourceId}
    type: rss
    platform: news
    feeds:
      - "${url}${GN}?q={query}&hl=en-US&gl=US&ceid=US:en"
      - "${url}${BLOG}"
${extra}`);
}

function ctxFor(server: RecordedServer, extra = '', now = NOW): ConnectorContext {
  return connectorContext(configFor(server.url, 'rss-unit', extra).sources[0], { now });
}

describe('rss connector', () => {
  const server = useRecordedServer();
  let gnUrl: string;
  let blogUrl: string;
  beforeEach(() => {
    gnUrl = `${server.url}${GN}?q=acme&hl=en-US&gl=US&ceid=US:en`;
    blogUrl = `${server.url}${BLOG}`;
  });

  it('expands {query} feeds', () => {
    expect(expandFeeds(['https://x/rss?q={query}', 'https://y/feed'], ['acme bank', 'acme'])).toEqual([
      'https://x/rss?q=acme%20bank',
      'https://x/rss?q=acme',
      'https://y/feed',
    ]);
  });

  it('reads each feed once per round, keeps only new items, and sends ETag / Last-Modified back', async () => {
    server.enqueue(GN, { headers: { ...RSS_TYPE, etag: 'W/"gn-1"' }, body: xml('google-news-acme.xml') }, { status: 304, headers: { etag: 'W/"gn-1"' } });
    server.enqueue(
      BLOG,
      { headers: { ...ATOM_TYPE, 'last-modified': 'Fri, 20 Nov 2026 10:30:00 GMT' }, body: xml('blog-atom.xml') },
      { headers: { ...ATOM_TYPE, 'last-modified': 'Fri, 20 Nov 2026 11:50:00 GMT' }, body: xml('blog-atom-updated.xml') },
    );
    const ctx = ctxFor(server);

    const p1 = await rss.fetchPage(undefined, ctx);
    expect(server.requests[0].query.get('q')).toBe('acme');
    expect(server.requests[0].headers['if-none-match']).toBeUndefined();
    // The Lisbon story is older than the first-read lookback (7 days).
    expect(p1.mentions.map((m) => m.title)).toEqual(['Acme recalls 40,000 toasters over fire risk - Reuters', 'Acme shares rise after strong quarter - Financial Times']);
    expect(p1.mentions[0]).toMatchObject({
      id: 'news:CBMiW2h0dHBzOi8vd3d3LnJldXRlcnMuY29tL2J1c2luZXNzL2FjbWUtcmVjYWxscy10b2FzdGVycy0yMDI2LTExLTIwL9IBAA',
      platform: 'news',
      text: 'Acme recalls 40,000 toasters over fire risk\u00a0\u00a0Reuters',
      created_at: '2026-11-20T11:40:00.000Z',
      url: expect.stringMatching(/^https:\/\/news\.google\.com\/rss\/articles\/CBMiW2h0/),
      publisher: 'Reuters',
    });
    const c1 = p1.cursor as RssCursor;
    expect(c1.pending).toEqual([blogUrl]);
    expect(c1.feeds[gnUrl]).toMatchObject({ etag: 'W/"gn-1"', newest: '2026-11-20T11:40:00.000Z' });
    expect(c1.feeds[gnUrl].seen).toHaveLength(3);
    expect(p1.more).toBe(true);

    const p2 = await rss.fetchPage(p1.cursor, ctx);
    expect(p2.mentions.map((m) => [m.id, m.title, m.author.name])).toEqual([
      ['news:tag:blog.acme.example,2026-11-20:/2026/11/checkout-outage', 'Post-mortem: the Acme checkout outage & what we changed', 'Dana Ops'],
      ['news:tag:blog.acme.example,2026-11-18:/2026/11/passkeys', 'Acme now supports passkeys', 'Sam Sec'],
    ]);
    expect(p2.mentions[0].text).toBe('On Tuesday Acme checkout failed for 42 minutes.\nHere is what happened.');
    expect(p2.mentions[0].url).toBe('https://blog.acme.example/2026/11/checkout-outage');
    expect((p2.cursor as RssCursor).feeds[blogUrl].last_modified).toBe('Fri, 20 Nov 2026 10:30:00 GMT');
    expect(p2.more).toBe(false);

    // Next round: Google News answers 304 (nothing to parse), the blog has one new entry.
    const later = new Date(NOW.getTime() + 600_000);
    const p3 = await rss.fetchPage(p2.cursor, ctxFor(server, '', later));
    expect(server.requests[2].headers['if-none-match']).toBe('W/"gn-1"');
    expect(p3.mentions).toEqual([]);
    expect((p3.cursor as RssCursor).feeds[gnUrl]).toEqual(c1.feeds[gnUrl]);
    const p4 = await rss.fetchPage(p3.cursor, ctxFor(server, '', later));
    expect(server.requests[3].headers['if-modified-since']).toBe('Fri, 20 Nov 2026 10:30:00 GMT');
    expect(p4.mentions.map((m) => m.title)).toEqual(['Acme status: delayed card payments']);
    expect((p4.cursor as RssCursor).feeds[blogUrl]).toMatchObject({ newest: '2026-11-20T11:50:00.000Z', last_modified: 'Fri, 20 Nov 2026 11:50:00 GMT' });
    expect((p4.cursor as RssCursor).feeds[blogUrl].seen).toHaveLength(3);
  });

  it('waits out a 429 with Retry-After and retries a 500', async () => {
    server.enqueue(
      BLOG,
      { status: 429, headers: { 'retry-after': '1' }, body: 'Too Many Requests' },
      { status: 502, body: '<html>Bad Gateway</html>' },
      { headers: ATOM_TYPE, body: xml('blog-atom.xml') },
    );
    const blogOnly = ctxFor(server);
    blogOnly.source = { ...blogOnly.source, feeds: [blogUrl] };
    const started = Date.now();
    const p2 = await rss.fetchPage(undefined, blogOnly);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(server.requests).toHaveLength(3);
    expect(p2.mentions).toHaveLength(2);
  });

  it('rejects malformed items by index and field, and malformed documents as a whole', async () => {
    const ctx = ctxFor(server);
    ctx.source = { ...ctx.source, feeds: [`${server.url}/latest.rss`] };
    server.enqueue('/latest.rss', { headers: RSS_TYPE, body: xml('forum-malformed-items.xml') });
    const p = await rss.fetchPage(undefined, ctx);
    expect(p.mentions.map((m) => [m.id, m.author.name, m.text])).toEqual([
      ['news:community.acme.example-topic-8812', '@netguy', 'My Acme router reboots every hour since firmware 2.1.'],
    ]);
    expect(p.rejects.map((r) => r.reason)).toEqual([
      `feed ${server.url}/latest.rss item[1]: guid/id: missing, and no link to stand in for it`,
      `feed ${server.url}/latest.rss item[2] (community.acme.example-topic-8813): pubDate/published: "sometime last week" is not a date`,
    ]);

    server.enqueue('/latest.rss', { headers: RSS_TYPE, body: '<rss><channel><item><title>cut off' });
    await expect(rss.fetchPage(undefined, ctx)).rejects.toThrow(MalformedResponseError);
    server.enqueue('/latest.rss', { headers: { 'content-type': 'text/html' }, body: '<html><body><p>Please log in</p></body></html>' });
    await expect(rss.fetchPage(undefined, ctx)).rejects.toThrow(/neither RSS .* nor Atom/);
    server.enqueue('/latest.rss', { headers: RSS_TYPE, body: '<?xml version="1.0"?><rss version="2.0"><channel><title>empty</title></channel></rss>' });
    const empty = await rss.fetchPage(undefined, ctx);
    expect(empty.mentions).toEqual([]);
    expect((empty.cursor as RssCursor).feeds[`${server.url}/latest.rss`]).toEqual({ seen: [] });
  });

  it('reads RSS 1.0 (RDF) feeds and refuses feeds that are not URLs', async () => {
    const ctx = ctxFor(server);
    ctx.source = { ...ctx.source, feeds: [`${server.url}/index.rdf`] };
    server.enqueue('/index.rdf', {
      headers: { 'content-type': 'application/rdf+xml' },
      body: `<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://news.example/"><title>News</title><link>https://news.example/</link><description>d</description></channel>
  <item rdf:about="https://news.example/acme-ipo"><title>Acme files for IPO</title><link>https://news.example/acme-ipo</link>
    <description>Acme &lt;b&gt;files&lt;/b&gt; for an IPO.</description><dc:date>2026-11-20T09:00:00Z</dc:date><dc:creator>Desk</dc:creator></item>
</rdf:RDF>`,
    });
    const p = await rss.fetchPage(undefined, ctx);
    expect(p.mentions).toEqual([
      expect.objectContaining({ id: 'news:https://news.example/acme-ipo', text: 'Acme files for an IPO.', created_at: '2026-11-20T09:00:00.000Z', author: { id: 'Desk', name: 'Desk', followers: 0 } }),
    ]);
    const bad = ctxFor(server);
    bad.source = { ...bad.source, feeds: ['news.example/feed'] };
    await expect(rss.fetchPage(undefined, bad)).rejects.toThrow(/feeds\[0\]: must be an http\(s\) URL/);
  });

  it('maps 403 to bad credentials and 404/410 to a removed feed', async () => {
    const ctx = ctxFor(server);
    ctx.source = { ...ctx.source, feeds: [`${server.url}/gone.rss`] };
    server.enqueue('/gone.rss', { status: 403, body: 'Forbidden' }, { status: 410, body: 'Gone' });
    await expect(rss.fetchPage(undefined, ctx)).rejects.toBeInstanceOf(BadCredentialsError);
    await expect(rss.fetchPage(undefined, ctx)).rejects.toBeInstanceOf(ResourceGoneError);
  });
});

describe('rss through pollSourceOnce', () => {
  const server = useRecordedServer('all');
  const store = useTestStore();
  let blogVersion = 'blog-atom.xml';
  beforeAll(() => {
    server.handle(GN, (req) =>
      req.headers['if-none-match'] === 'W/"gn-1"' ? { status: 304 } : { headers: { ...RSS_TYPE, etag: 'W/"gn-1"' }, body: xml('google-news-acme.xml') },
    );
    server.handle(BLOG, () => ({ headers: ATOM_TYPE, body: xml(blogVersion) }));
  });

  it('stores new items once, keeps the validators in the stored cursor, and survives a crash before storing', async () => {
    const config = configFor(server.url, 'rss-poll');
    const http = createHttpClient({ backoffMs: 5 });
    const clickhouse = store.client;
    const crash = crashWhenArmed(clickhouse, 'mentions');
    const first = await pollSourceOnce({ clickhouse, http, config, now: ticking(NOW) }, 'rss-poll');
    expect(first).toMatchObject({ pages: 2, stored: 4, more: false });
    const gnUrl = `${server.url}${GN}?q=acme&hl=en-US&gl=US&ceid=US:en`;
    expect(((await loadCursor(clickhouse, 'rss-poll')) as RssCursor).feeds[gnUrl].etag).toBe('W/"gn-1"');

    // The blog gets a new entry; the poll fetches it and dies while storing.
    blogVersion = 'blog-atom-updated.xml';
    crash.arm();
    await expect(pollSourceOnce({ clickhouse: crash.client, http, config, now: ticking(new Date(NOW.getTime() + 60_000)) }, 'rss-poll')).rejects.toThrow(
      /simulated crash/,
    );
    const after = await pollSourceOnce({ clickhouse, http, config, now: ticking(new Date(NOW.getTime() + 120_000)) }, 'rss-poll');
    expect(after).toMatchObject({ stored: 1, duplicates: 0 });
    const rows = await store.rows<{ title: string; n: number }>(
      "SELECT title, toUInt32(count()) AS n FROM mentions WHERE source_id = 'rss-poll' GROUP BY title ORDER BY title",
    );
    expect(rows).toEqual([
      { title: 'Acme now supports passkeys', n: 1 },
      { title: 'Acme recalls 40,000 toasters over fire risk - Reuters', n: 1 },
      { title: 'Acme shares rise after strong quarter - Financial Times', n: 1 },
      { title: 'Acme status: delayed card payments', n: 1 },
      { title: 'Post-mortem: the Acme checkout outage & what we changed', n: 1 },
    ]);
  });
});
