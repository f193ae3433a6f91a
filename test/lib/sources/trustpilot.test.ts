// Trustpilot (Business Units API) connector over real HTTP against recorded responses.
import { describe, expect, it } from 'vitest';
import { pollSourceOnce } from '../../../lib/pipeline/poll-source.js';
import { BadCredentialsError, MalformedResponseError, ResourceGoneError } from '../../../lib/sources/errors.js';
import { createHttpClient } from '../../../lib/sources/http.js';
import { trustpilot, type TrustpilotCursor } from '../../../lib/sources/connectors/trustpilot.js';
import type { ConnectorContext } from '../../../lib/sources/types.js';
import { loadCursor } from '../../../lib/store/cursors-repo.js';
import { connectorContext, monitorConfig, ticking, useEnv } from '../../helpers/connector-context.js';
import { crashOnce } from '../../helpers/crash.js';
import { jsonFixtures } from '../../helpers/fixtures.js';
import { useRecordedServer } from '../../helpers/recorded-server.js';
import { useTestStore } from '../../helpers/store.js';

const fixture = jsonFixtures('trustpilot');
const BU = '5f1a2b3c4d5e6f0012345678';
const REVIEWS = `/v1/business-units/${BU}/reviews`;
const NOW = new Date('2026-11-23T09:00:00Z');
const KEY_ENV = 'TEST_TRUSTPILOT_KEY';
const KEY = 'tp-test-key';

const server = useRecordedServer();
const http = createHttpClient({ backoffMs: 5 });

function config() {
  return monitorConfig(
    `  - id: acme-trustpilot
    type: trustpilot
    base_url: ${server.url}
    api_key_env: ${KEY_ENV}
    business_units:
      - id: ${BU}
    per_page: 3`,
    ['Acme'],
  );
}

function ctx(env: Record<string, string> = { [KEY_ENV]: KEY }): ConnectorContext {
  return connectorContext(config().sources[0], { queries: ['Acme'], http, env, now: NOW });
}

describe('trustpilot connector', () => {
  it('pages by next-page links, keeps stars, product and company replies, and stops at known reviews', async () => {
    server.enqueue(REVIEWS, { body: fixture('round1-page1.json') }, { body: fixture('round1-page2.json') });

    const p1 = await trustpilot.fetchPage(undefined, ctx());
    const q = server.requests[0].query;
    expect([q.get('apikey'), q.get('orderBy'), q.get('page'), q.get('perPage')]).toEqual([KEY, 'createdat.desc', '1', '3']);
    expect(p1.mentions.map((m) => m.id)).toEqual([
      'trustpilot:6740aa0000000000000000c3',
      'trustpilot:6740aa0000000000000000c3:reply',
      'trustpilot:6740aa0000000000000000c2',
      'trustpilot:6740aa0000000000000000c1',
    ]);
    expect(p1.mentions[0]).toMatchObject({
      rating: 1,
      product: 'Acme Bank',
      title: 'Blocked my account',
      lang: 'en',
      created_at: '2026-11-22T17:45:12.000Z',
      author: { name: 'Jordan P' },
      engagement: { likes: 6, replies: 1 },
      url: 'https://www.trustpilot.com/reviews/6740aa0000000000000000c3',
    });
    expect(p1.mentions[1]).toMatchObject({ in_reply_to: 'trustpilot:6740aa0000000000000000c3', author: { name: 'Acme Bank' }, created_at: '2026-11-22T20:01:00.000Z' });
    expect(p1.more).toBe(true);
    expect((p1.cursor as TrustpilotCursor).current).toMatchObject({ unit: BU, page: 2 });

    const p2 = await trustpilot.fetchPage(p1.cursor, ctx());
    expect(server.requests[1].query.get('page')).toBe('2');
    expect(p2.mentions.map((m) => m.id)).toEqual(['trustpilot:6740aa0000000000000000b9']);
    expect(p2.rejects).toHaveLength(1);
    expect(p2.rejects[0].reason).toMatch(/reviews\[1\] of business unit .* page 2 \(6740aa0000000000000000b8\): stars/);
    expect(p2.more).toBe(false);
    const c2 = p2.cursor as TrustpilotCursor;
    expect(c2.current).toBeUndefined();
    expect(c2.seen[BU]).toEqual({ id: '6740aa0000000000000000c3', created_at: '2026-11-22T17:45:12.000Z' });

    server.enqueue(REVIEWS, { body: fixture('round2-page1.json') });
    const p3 = await trustpilot.fetchPage(c2, ctx());
    expect(p3.mentions.map((m) => m.id)).toEqual(['trustpilot:6740aa0000000000000000c4']);
    expect(p3.more).toBe(false); // a next-page link exists, but the known review was reached
    expect((p3.cursor as TrustpilotCursor).seen[BU].id).toBe('6740aa0000000000000000c4');
    expect(server.requests).toHaveLength(3);
  });

  it('treats an empty page as the end of the round', async () => {
    server.enqueue(REVIEWS, { body: fixture('empty.json') });
    const p = await trustpilot.fetchPage(undefined, ctx());
    expect(p).toMatchObject({ mentions: [], rejects: [], more: false });
    expect((p.cursor as TrustpilotCursor).seen).toEqual({});
  });

  it('waits out a 429 with Retry-After and retries a 500', async () => {
    server.enqueue(REVIEWS, { status: 429, headers: { 'retry-after': '1' }, body: { message: 'Too many requests' } }, { status: 500, body: 'oops' }, {
      body: fixture('round1-page1.json'),
    });
    const started = Date.now();
    const p = await trustpilot.fetchPage(undefined, ctx());
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(p.mentions).toHaveLength(4);
    expect(server.requests).toHaveLength(3);
  });

  it('fails without retrying on a bad or missing key and on an unknown business unit', async () => {
    server.enqueue(REVIEWS, { status: 401, body: fixture('unauthorized.json') });
    const err = await trustpilot.fetchPage(undefined, ctx()).catch((e) => e);
    expect(err).toBeInstanceOf(BadCredentialsError);
    expect(String(err.message)).not.toContain(KEY); // the key travels in the query string: never in messages
    expect(server.requests).toHaveLength(1);
    await expect(trustpilot.fetchPage(undefined, ctx({}))).rejects.toThrow(new RegExp(`${KEY_ENV}.*not set`));
    expect(server.requests).toHaveLength(1);
    server.enqueue(REVIEWS, { status: 404, body: fixture('not-found.json') });
    await expect(trustpilot.fetchPage(undefined, ctx())).rejects.toBeInstanceOf(ResourceGoneError);
  });

  it('rejects a malformed body', async () => {
    server.enqueue(REVIEWS, { body: '<html>' });
    await expect(trustpilot.fetchPage(undefined, ctx())).rejects.toBeInstanceOf(MalformedResponseError);
    server.enqueue(REVIEWS, { body: { links: [] } });
    await expect(trustpilot.fetchPage(undefined, ctx())).rejects.toThrow(/reviews/);
  });
});

describe('trustpilot through pollSourceOnce', () => {
  const store = useTestStore();
  useEnv({ [KEY_ENV]: KEY });

  it('stores reviews with rating and product, saves the cursor, and survives crashes without loss or duplicates', async () => {
    const clickhouse = store.client;
    let round = 1;
    server.handle(REVIEWS, (req) => ({
      body: fixture(round === 2 ? 'round2-page1.json' : req.query.get('page') === '2' ? 'round1-page2.json' : 'round1-page1.json'),
    }));
    const deps = { http, config: config(), now: ticking(NOW, 1000) };

    await expect(pollSourceOnce({ ...deps, clickhouse: crashOnce(clickhouse, 'mentions') }, 'acme-trustpilot')).rejects.toThrow(/simulated crash/);
    expect(await loadCursor(clickhouse, 'acme-trustpilot')).toBeUndefined();
    await expect(pollSourceOnce({ ...deps, clickhouse: crashOnce(clickhouse, 'source_cursors') }, 'acme-trustpilot')).rejects.toThrow(/simulated crash/);
    expect(await loadCursor(clickhouse, 'acme-trustpilot')).toBeUndefined();

    const r1 = await pollSourceOnce({ ...deps, clickhouse }, 'acme-trustpilot');
    expect(r1).toMatchObject({ pages: 2, stored: 1, duplicates: 4, rejected: 1, more: false });
    const rows = await store.rows(
      "SELECT external_id, rating, product, in_reply_to FROM mentions FINAL WHERE source_id = 'acme-trustpilot' ORDER BY external_id",
    );
    expect(rows).toEqual([
      { external_id: '6740aa0000000000000000b9', rating: 2, product: 'Acme Bank', in_reply_to: '' },
      { external_id: '6740aa0000000000000000c1', rating: 4, product: 'Acme Bank', in_reply_to: '' },
      { external_id: '6740aa0000000000000000c2', rating: 5, product: 'Acme Bank', in_reply_to: '' },
      { external_id: '6740aa0000000000000000c3', rating: 1, product: 'Acme Bank', in_reply_to: '' },
      { external_id: '6740aa0000000000000000c3:reply', rating: 0, product: 'Acme Bank', in_reply_to: 'trustpilot:6740aa0000000000000000c3' },
    ]);
    expect((await loadCursor<TrustpilotCursor>(clickhouse, 'acme-trustpilot'))?.seen[BU].id).toBe('6740aa0000000000000000c3');

    round = 2;
    const r2 = await pollSourceOnce({ ...deps, clickhouse }, 'acme-trustpilot');
    expect(r2).toMatchObject({ pages: 1, stored: 1, duplicates: 0 });
    const count = await store.rows<{ n: string }>("SELECT count() AS n FROM mentions WHERE source_id = 'acme-trustpilot'");
    expect(Number(count[0].n)).toBe(6);
    expect((await loadCursor<TrustpilotCursor>(clickhouse, 'acme-trustpilot'))?.seen[BU].id).toBe('6740aa0000000000000000c4');
  });
});
