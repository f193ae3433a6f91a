// App Store reviews connector over real HTTP against recorded feed responses.
import { describe, expect, it } from 'vitest';
import { pollSourceOnce } from '../../../lib/pipeline/poll-source.js';
import { appstore, type AppStoreCursor } from '../../../lib/sources/connectors/appstore.js';
import { BadCredentialsError, MalformedResponseError, ResourceGoneError } from '../../../lib/sources/errors.js';
import { createHttpClient } from '../../../lib/sources/http.js';
import type { ConnectorContext } from '../../../lib/sources/types.js';
import { loadCursor } from '../../../lib/store/cursors-repo.js';
import { connectorContext, monitorConfig, ticking } from '../../helpers/connector-context.js';
import { crashOnce } from '../../helpers/crash.js';
import { jsonFixtures } from '../../helpers/fixtures.js';
import { useRecordedServer } from '../../helpers/recorded-server.js';
import { useTestStore } from '../../helpers/store.js';

const fixture = jsonFixtures('appstore');
const APP = '1234567890';
const feedPath = (page: number, country = 'us') => `/${country}/rss/customerreviews/page=${page}/id=${APP}/sortby=mostrecent/json`;
const NOW = new Date('2026-11-23T09:00:00Z');

const server = useRecordedServer();
const http = createHttpClient({ backoffMs: 5 });

function config(extra = '') {
  return monitorConfig(
    `  - id: acme-ios
    type: appstore
    base_url: ${server.url}
    apps:
      - id: "${APP}"
        name: Acme Bank iOS
    countries: [us]
${extra}`,
    ['Acme'],
  );
}

function ctx(extra = ''): ConnectorContext {
  return connectorContext(config(extra).sources[0], { queries: ['Acme'], http, now: NOW });
}

describe('appstore connector', () => {
  it('pages newest first, skips the metadata entry, rejects a bad rating, and stops at known reviews', async () => {
    server.enqueue(feedPath(1), { body: fixture('round1-page1.json') });
    server.enqueue(feedPath(2), { body: fixture('round1-page2.json') });

    const p1 = await appstore.fetchPage(undefined, ctx());
    expect(p1.mentions.map((m) => m.id)).toEqual(['appstore:11000000003', 'appstore:11000000002', 'appstore:11000000001']);
    expect(p1.mentions[0]).toMatchObject({
      platform: 'appstore',
      rating: 1,
      product: 'Acme Bank iOS',
      title: 'Crashes on login',
      created_at: '2026-11-22T16:30:00.000Z',
      author: { name: 'angrycustomer' },
      url: `https://apps.apple.com/us/app/id${APP}?see-all=reviews`,
    });
    expect(p1.mentions[1].engagement.likes).toBe(3);
    expect(p1.rejects).toEqual([]);
    expect(p1.more).toBe(true);
    expect((p1.cursor as AppStoreCursor).current).toMatchObject({ key: `${APP}:us`, page: 2 });
    expect((p1.cursor as AppStoreCursor).seen).toEqual({});

    const p2 = await appstore.fetchPage(p1.cursor, ctx());
    expect(p2.mentions.map((m) => m.id)).toEqual(['appstore:10999999999', 'appstore:10999999997']);
    expect(p2.rejects).toHaveLength(1);
    expect(p2.rejects[0].reason).toContain('feed.entry[1]');
    expect(p2.rejects[0].reason).toContain('10999999998');
    expect(p2.rejects[0].reason).toContain('im:rating');
    expect(p2.more).toBe(false);
    const c2 = p2.cursor as AppStoreCursor;
    expect(c2.current).toBeUndefined();
    expect(c2.seen[`${APP}:us`]).toEqual({ id: '11000000003', updated: '2026-11-22T16:30:00.000Z' });
    expect(c2.names[APP]).toBe('Acme Bank');

    // Next round: only the new review; paging stops at the known one.
    server.enqueue(feedPath(1), { body: fixture('round2-page1.json') });
    const p3 = await appstore.fetchPage(c2, ctx());
    expect(p3.mentions.map((m) => m.id)).toEqual(['appstore:11000000004']);
    expect(p3.more).toBe(false);
    expect((p3.cursor as AppStoreCursor).seen[`${APP}:us`].id).toBe('11000000004');
    expect(server.requests.map((r) => r.path)).toEqual([feedPath(1), feedPath(2), feedPath(1)]);
  });

  it('reads every configured country in one round, using the feed name when none is configured', async () => {
    server.enqueue(feedPath(1, 'us'), { body: fixture('single-entry.json') });
    server.enqueue(feedPath(1, 'gb'), { body: fixture('empty.json') });
    const c = ctx();
    c.source = { ...c.source, apps: [{ id: APP }], countries: ['us', 'gb'] };
    const p1 = await appstore.fetchPage(undefined, c);
    expect(p1.mentions).toHaveLength(1); // a single entry arrives as an object
    expect(p1.mentions[0]).toMatchObject({ rating: 4, product: `App Store app ${APP}` });
    expect(p1.more).toBe(true);
    const p2 = await appstore.fetchPage(p1.cursor, c);
    expect(p2.mentions).toEqual([]);
    expect(p2.more).toBe(false);
    expect(Object.keys((p2.cursor as AppStoreCursor).seen)).toEqual([`${APP}:us`]);
  });

  it('treats an empty feed as the end of the round', async () => {
    server.enqueue(feedPath(1), { body: fixture('empty.json') });
    const p = await appstore.fetchPage(undefined, ctx());
    expect(p).toMatchObject({ mentions: [], rejects: [], more: false });
    expect((p.cursor as AppStoreCursor).seen).toEqual({});
  });

  it('waits out a 429 with Retry-After and retries a 500', async () => {
    server.enqueue(feedPath(1), { status: 429, headers: { 'retry-after': '1' }, body: 'slow down' }, { status: 500, body: 'oops' }, {
      body: fixture('round1-page1.json'),
    });
    const started = Date.now();
    const p = await appstore.fetchPage(undefined, ctx());
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(p.mentions).toHaveLength(3);
    expect(server.requests).toHaveLength(3);
  });

  it('fails without retrying on 403 and on a removed app (404)', async () => {
    server.enqueue(feedPath(1), { status: 403, body: 'forbidden' });
    await expect(appstore.fetchPage(undefined, ctx())).rejects.toBeInstanceOf(BadCredentialsError);
    server.enqueue(feedPath(1), { status: 404, body: 'not found' });
    await expect(appstore.fetchPage(undefined, ctx())).rejects.toBeInstanceOf(ResourceGoneError);
    expect(server.requests).toHaveLength(2);
  });

  it('rejects a malformed body', async () => {
    server.enqueue(feedPath(1), { body: '<html>maintenance</html>' });
    await expect(appstore.fetchPage(undefined, ctx())).rejects.toBeInstanceOf(MalformedResponseError);
    server.enqueue(feedPath(1), { body: { notAFeed: true } });
    await expect(appstore.fetchPage(undefined, ctx())).rejects.toThrow(/no "feed" object/);
  });
});

describe('appstore through pollSourceOnce', () => {
  const store = useTestStore();

  it('stores reviews with rating and product, saves the cursor, and survives crashes without loss or duplicates', async () => {
    const clickhouse = store.client;
    let round = 1;
    server.handle(feedPath(1), () => ({ body: fixture(round === 1 ? 'round1-page1.json' : 'round2-page1.json') }));
    server.handle(feedPath(2), () => ({ body: fixture('round1-page2.json') }));
    const cfg = config();
    // The clock advances so each saved cursor is newer than the last (the newest updated_at wins).
    const deps = { http, config: cfg, now: ticking(NOW, 1000) };

    // Crash before the first page's mentions are stored: nothing stored, no cursor.
    await expect(pollSourceOnce({ ...deps, clickhouse: crashOnce(clickhouse, 'mentions') }, 'acme-ios')).rejects.toThrow(/simulated crash/);
    expect(await loadCursor(clickhouse, 'acme-ios')).toBeUndefined();

    // Crash after page 1 is stored but before its cursor: the retry re-reads page 1 and stores nothing twice.
    await expect(pollSourceOnce({ ...deps, clickhouse: crashOnce(clickhouse, 'source_cursors') }, 'acme-ios')).rejects.toThrow(/simulated crash/);
    expect(await loadCursor(clickhouse, 'acme-ios')).toBeUndefined();

    const r1 = await pollSourceOnce({ ...deps, clickhouse }, 'acme-ios');
    expect(r1).toMatchObject({ pages: 2, stored: 2, duplicates: 3, rejected: 1, more: false });
    const rows = await store.rows<{ external_id: string; rating: number; product: string; brand: string }>(
      "SELECT external_id, rating, product, brand FROM mentions FINAL WHERE source_id = 'acme-ios' ORDER BY external_id",
    );
    expect(rows).toEqual([
      { external_id: '10999999997', rating: 4, product: 'Acme Bank iOS', brand: 'acme' },
      { external_id: '10999999999', rating: 2, product: 'Acme Bank iOS', brand: 'acme' },
      { external_id: '11000000001', rating: 3, product: 'Acme Bank iOS', brand: 'acme' },
      { external_id: '11000000002', rating: 5, product: 'Acme Bank iOS', brand: 'acme' },
      { external_id: '11000000003', rating: 1, product: 'Acme Bank iOS', brand: 'acme' },
    ]);
    const c1 = await loadCursor<AppStoreCursor>(clickhouse, 'acme-ios');
    expect(c1?.seen[`${APP}:us`]).toEqual({ id: '11000000003', updated: '2026-11-22T16:30:00.000Z' });

    // After a restart the stored cursor brings only the new review.
    round = 2;
    const r2 = await pollSourceOnce({ ...deps, clickhouse }, 'acme-ios');
    expect(r2).toMatchObject({ pages: 1, stored: 1, duplicates: 0 });
    const count = await store.rows<{ n: string }>("SELECT count() AS n FROM mentions WHERE source_id = 'acme-ios'");
    expect(Number(count[0].n)).toBe(6);
    expect((await loadCursor<AppStoreCursor>(clickhouse, 'acme-ios'))?.seen[`${APP}:us`].id).toBe('11000000004');
  });
});
