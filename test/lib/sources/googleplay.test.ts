// Google Play (Developer API reviews.list) connector over real HTTP against recorded responses.
import { describe, expect, it } from 'vitest';
import { pollSourceOnce } from '../../../lib/pipeline/poll-source.js';
import { BadCredentialsError, MalformedResponseError, ResourceGoneError } from '../../../lib/sources/errors.js';
import { googleplay, type GooglePlayCursor } from '../../../lib/sources/connectors/googleplay.js';
import { createHttpClient } from '../../../lib/sources/http.js';
import type { ConnectorContext } from '../../../lib/sources/types.js';
import { loadCursor } from '../../../lib/store/cursors-repo.js';
import { connectorContext, monitorConfig, ticking, useEnv } from '../../helpers/connector-context.js';
import { crashOnce } from '../../helpers/crash.js';
import { jsonFixtures } from '../../helpers/fixtures.js';
import { useRecordedServer } from '../../helpers/recorded-server.js';
import { useTestStore } from '../../helpers/store.js';

const fixture = jsonFixtures('googleplay');
const PKG = 'com.acme.bank';
const REVIEWS = `/androidpublisher/v3/applications/${PKG}/reviews`;
const NOW = new Date('2026-11-23T09:00:00Z');
const TOKEN_ENV = 'TEST_GOOGLEPLAY_TOKEN';
const TOKEN = 'ya29.test-token';

const server = useRecordedServer();
const http = createHttpClient({ backoffMs: 5 });

function config() {
  return monitorConfig(
    `  - id: acme-android
    type: googleplay
    base_url: ${server.url}
    access_token_env: ${TOKEN_ENV}
    apps:
      - package: ${PKG}
        name: Acme Bank Android
    max_results: 3`,
    ['Acme'],
  );
}

function ctx(env: Record<string, string> = { [TOKEN_ENV]: TOKEN }): ConnectorContext {
  return connectorContext(config().sources[0], { queries: ['Acme'], http, env, now: NOW });
}

describe('googleplay connector', () => {
  it('pages by token, keeps rating, product, title and developer replies, and stops at known reviews', async () => {
    server.enqueue(REVIEWS, { body: fixture('round1-page1.json') }, { body: fixture('round1-page2.json') });

    const p1 = await googleplay.fetchPage(undefined, ctx());
    expect(server.requests[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(server.requests[0].query.get('token')).toBeNull();
    expect(server.requests[0].query.get('maxResults')).toBe('3');
    expect(p1.mentions.map((m) => m.id)).toEqual([
      'googleplay:gp:AOqpTOF3',
      'googleplay:gp:AOqpTOF3:reply',
      'googleplay:gp:AOqpTOF2',
      'googleplay:gp:AOqpTOF1',
    ]);
    expect(p1.mentions[0]).toMatchObject({
      title: 'Crashes',
      text: 'Acme app crashes when I open my statements.',
      rating: 1,
      product: 'Acme Bank Android',
      created_at: '2026-11-22T18:00:00.250Z',
      lang: 'en',
      author: { name: 'Dana K' },
      engagement: { likes: 4, replies: 1 },
    });
    expect(p1.mentions[1]).toMatchObject({ in_reply_to: 'googleplay:gp:AOqpTOF3', product: 'Acme Bank Android', created_at: '2026-11-22T19:30:00.000Z' });
    expect(p1.mentions[1].rating).toBeUndefined();
    expect(p1.more).toBe(true);
    expect((p1.cursor as GooglePlayCursor).current).toMatchObject({ package: PKG, token: 'CkQKQhJAAOqpTOF1' });

    const p2 = await googleplay.fetchPage(p1.cursor, ctx());
    expect(server.requests[1].query.get('token')).toBe('CkQKQhJAAOqpTOF1');
    expect(p2.mentions.map((m) => m.id)).toEqual(['googleplay:gp:AOqpTOE9']);
    expect(p2.rejects).toHaveLength(1);
    expect(p2.rejects[0].reason).toMatch(/reviews\[1\] of com\.acme\.bank \(gp:AOqpTOE8\): comments\[\]\.userComment: starRating/);
    expect(p2.more).toBe(false);
    const c2 = p2.cursor as GooglePlayCursor;
    expect(c2.current).toBeUndefined();
    expect(c2.since[PKG]).toBe(Math.floor(Date.parse('2026-11-22T18:00:00Z') / 1000));

    // Next round: the new review (and the one at the mark again, which the store drops); stops before the next token.
    server.enqueue(REVIEWS, { body: fixture('round2-page1.json') });
    const p3 = await googleplay.fetchPage(c2, ctx());
    expect(p3.mentions.map((m) => m.id)).toEqual(['googleplay:gp:AOqpTOF4', 'googleplay:gp:AOqpTOF3', 'googleplay:gp:AOqpTOF3:reply']);
    expect(p3.more).toBe(false);
    expect((p3.cursor as GooglePlayCursor).since[PKG]).toBe(Math.floor(Date.parse('2026-11-23T07:00:00Z') / 1000));
    expect(server.requests).toHaveLength(3);
  });

  it('treats an empty list as the end of the round and keeps the mark', async () => {
    server.enqueue(REVIEWS, { body: fixture('empty.json') });
    const p = await googleplay.fetchPage({ since: { [PKG]: 1_700_000_000 }, pending: [] }, ctx());
    expect(p).toMatchObject({ mentions: [], rejects: [], more: false });
    expect((p.cursor as GooglePlayCursor).since[PKG]).toBe(1_700_000_000);
  });

  it('waits out a 429 with Retry-After and retries a 500', async () => {
    server.enqueue(REVIEWS, { status: 429, headers: { 'retry-after': '1' }, body: { error: { code: 429, status: 'RESOURCE_EXHAUSTED' } } }, { status: 500, body: { error: { code: 500 } } }, {
      body: fixture('round1-page1.json'),
    });
    const started = Date.now();
    const p = await googleplay.fetchPage(undefined, ctx());
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(p.mentions).toHaveLength(4);
    expect(server.requests).toHaveLength(3);
  });

  it('fails without retrying on bad or missing credentials and on an unknown package', async () => {
    server.enqueue(REVIEWS, { status: 401, body: fixture('unauthenticated.json') });
    await expect(googleplay.fetchPage(undefined, ctx())).rejects.toBeInstanceOf(BadCredentialsError);
    expect(server.requests).toHaveLength(1);
    await expect(googleplay.fetchPage(undefined, ctx({}))).rejects.toThrow(new RegExp(`${TOKEN_ENV}.*not set`));
    await expect(googleplay.fetchPage(undefined, ctx({}))).rejects.toBeInstanceOf(BadCredentialsError);
    expect(server.requests).toHaveLength(1);
    server.enqueue(REVIEWS, { status: 404, body: fixture('not-found.json') });
    await expect(googleplay.fetchPage(undefined, ctx())).rejects.toBeInstanceOf(ResourceGoneError);
  });

  it('rejects a malformed body', async () => {
    server.enqueue(REVIEWS, { body: 'not json' });
    await expect(googleplay.fetchPage(undefined, ctx())).rejects.toBeInstanceOf(MalformedResponseError);
    server.enqueue(REVIEWS, { body: { reviews: 'nope' } });
    await expect(googleplay.fetchPage(undefined, ctx())).rejects.toBeInstanceOf(MalformedResponseError);
  });
});

describe('googleplay through pollSourceOnce', () => {
  const store = useTestStore();
  useEnv({ [TOKEN_ENV]: TOKEN });

  it('stores reviews with rating and product, saves the cursor, and survives crashes without loss or duplicates', async () => {
    const clickhouse = store.client;
    let round = 1;
    server.handle(REVIEWS, (req) => ({
      body: fixture(round === 2 ? 'round2-page1.json' : req.query.get('token') === 'CkQKQhJAAOqpTOF1' ? 'round1-page2.json' : 'round1-page1.json'),
    }));
    const deps = { http, config: config(), now: ticking(NOW, 1000) };

    await expect(pollSourceOnce({ ...deps, clickhouse: crashOnce(clickhouse, 'mentions') }, 'acme-android')).rejects.toThrow(/simulated crash/);
    expect(await loadCursor(clickhouse, 'acme-android')).toBeUndefined();
    await expect(pollSourceOnce({ ...deps, clickhouse: crashOnce(clickhouse, 'source_cursors') }, 'acme-android')).rejects.toThrow(/simulated crash/);
    expect(await loadCursor(clickhouse, 'acme-android')).toBeUndefined();

    const r1 = await pollSourceOnce({ ...deps, clickhouse }, 'acme-android');
    expect(r1).toMatchObject({ pages: 2, stored: 1, duplicates: 4, rejected: 1, more: false });
    const rows = await store.rows(
      "SELECT external_id, rating, product, in_reply_to, title FROM mentions FINAL WHERE source_id = 'acme-android' ORDER BY external_id",
    );
    expect(rows).toEqual([
      { external_id: 'gp:AOqpTOE9', rating: 2, product: 'Acme Bank Android', in_reply_to: '', title: '' },
      { external_id: 'gp:AOqpTOF1', rating: 3, product: 'Acme Bank Android', in_reply_to: '', title: '' },
      { external_id: 'gp:AOqpTOF2', rating: 5, product: 'Acme Bank Android', in_reply_to: '', title: '' },
      { external_id: 'gp:AOqpTOF3', rating: 1, product: 'Acme Bank Android', in_reply_to: '', title: 'Crashes' },
      { external_id: 'gp:AOqpTOF3:reply', rating: 0, product: 'Acme Bank Android', in_reply_to: 'googleplay:gp:AOqpTOF3', title: '' },
    ]);
    expect((await loadCursor<GooglePlayCursor>(clickhouse, 'acme-android'))?.since[PKG]).toBe(Math.floor(Date.parse('2026-11-22T18:00:00Z') / 1000));

    round = 2;
    const r2 = await pollSourceOnce({ ...deps, clickhouse }, 'acme-android');
    expect(r2).toMatchObject({ pages: 1, stored: 1, duplicates: 2 });
    const count = await store.rows<{ n: string }>("SELECT count() AS n FROM mentions WHERE source_id = 'acme-android'");
    expect(Number(count[0].n)).toBe(6);
    expect((await loadCursor<GooglePlayCursor>(clickhouse, 'acme-android'))?.since[PKG]).toBe(Math.floor(Date.parse('2026-11-23T07:00:00Z') / 1000));
  });
});
