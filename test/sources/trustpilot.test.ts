// Trustpilot (Business Units API) connector over real HTTP against recorded responses.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClickHouseClient } from '@clickhouse/client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../activities/config/load.js';
import { pollSourceOnce } from '../../activities/poll-source.js';
import { BadCredentialsError, MalformedResponseError, ResourceGoneError } from '../../activities/sources/errors.js';
import { createHttpClient } from '../../activities/sources/http.js';
import { trustpilot, type TrustpilotCursor } from '../../activities/sources/trustpilot.js';
import type { ConnectorContext } from '../../activities/sources/types.js';
import { createStore } from '../../activities/store/clickhouse.js';
import { loadCursor } from '../../activities/store/cursors-repo.js';
import { migrate } from '../../activities/store/migrations.js';
import { startRecordedServer, type RecordedServer } from '../helpers/recorded-server.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/trustpilot', import.meta.url));
const fixture = (name: string) => JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8'));
const BU = '5f1a2b3c4d5e6f0012345678';
const REVIEWS = `/v1/business-units/${BU}/reviews`;
const NOW = new Date('2026-11-23T09:00:00Z');
const KEY_ENV = 'TEST_TRUSTPILOT_KEY';
const KEY = 'tp-test-key';

let server: RecordedServer;
const http = createHttpClient({ backoffMs: 5 });

function config() {
  return parseConfig(
    `
brands:
  - id: acme
    name: Acme
    queries: [Acme]
sources:
  - id: acme-trustpilot
    type: trustpilot
    base_url: ${server.url}
    api_key_env: ${KEY_ENV}
    business_units:
      - id: ${BU}
    per_page: 3
`,
    'test.yaml',
  );
}

function ctx(env: Record<string, string> = { [KEY_ENV]: KEY }): ConnectorContext {
  return { source: config().sources[0], queries: ['Acme'], http, secret: (n) => (n ? env[n] : undefined), now: () => NOW };
}

beforeEach(async () => {
  server = await startRecordedServer();
  return () => server.close();
});

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
  let dir: string;
  let clickhouse: ClickHouseClient;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'trustpilot-test-'));
    clickhouse = createStore({ dataDir: dir }).client;
    await migrate(clickhouse);
    process.env[KEY_ENV] = KEY;
  });
  afterAll(async () => {
    delete process.env[KEY_ENV];
    await clickhouse?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Fails the first insert into `table`: a crash between fetching a page and storing it (or its cursor). */
  function crashOnce(table: string): ClickHouseClient {
    let armed = true;
    return new Proxy(clickhouse, {
      get(target, prop) {
        if (prop === 'insert') {
          return async (args: { table: string }) => {
            if (armed && args.table === table) {
              armed = false;
              throw new Error(`simulated crash before writing ${table}`);
            }
            return target.insert(args as Parameters<ClickHouseClient['insert']>[0]);
          };
        }
        const v = Reflect.get(target, prop);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
  }

  it('stores reviews with rating and product, saves the cursor, and survives crashes without loss or duplicates', async () => {
    let round = 1;
    server.handle(REVIEWS, (req) => ({
      body: fixture(round === 2 ? 'round2-page1.json' : req.query.get('page') === '2' ? 'round1-page2.json' : 'round1-page1.json'),
    }));
    let tick = 0;
    const deps = { http, config: config(), now: () => new Date(NOW.getTime() + tick++ * 1000) };

    await expect(pollSourceOnce({ ...deps, clickhouse: crashOnce('mentions') }, 'acme-trustpilot')).rejects.toThrow(/simulated crash/);
    expect(await loadCursor(clickhouse, 'acme-trustpilot')).toBeUndefined();
    await expect(pollSourceOnce({ ...deps, clickhouse: crashOnce('source_cursors') }, 'acme-trustpilot')).rejects.toThrow(/simulated crash/);
    expect(await loadCursor(clickhouse, 'acme-trustpilot')).toBeUndefined();

    const r1 = await pollSourceOnce({ ...deps, clickhouse }, 'acme-trustpilot');
    expect(r1).toMatchObject({ pages: 2, stored: 1, duplicates: 4, rejected: 1, more: false });
    const rows = await (
      await clickhouse.query({
        query: "SELECT external_id, rating, product, in_reply_to FROM mentions FINAL WHERE source_id = 'acme-trustpilot' ORDER BY external_id",
        format: 'JSONEachRow',
      })
    ).json();
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
    const count = await (
      await clickhouse.query({ query: "SELECT count() AS n FROM mentions WHERE source_id = 'acme-trustpilot'", format: 'JSONEachRow' })
    ).json<{ n: string }>();
    expect(Number(count[0].n)).toBe(6);
    expect((await loadCursor<TrustpilotCursor>(clickhouse, 'acme-trustpilot'))?.seen[BU].id).toBe('6740aa0000000000000000c4');
  });
});
