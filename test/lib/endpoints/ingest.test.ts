// The push ingest endpoint over real HTTP into an embedded ClickHouse: good, bad and replayed
// signatures, stale timestamps, oversized and malformed bodies, per-item rejects, storage failure.
import type { ClickHouseClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../lib/config/load.js';
import { listQueue } from '../../../lib/store/queue-repo.js';
import { parseIngestBody } from '../../../lib/endpoints/body.js';
import { startIngestServer, type IngestServer } from '../../../lib/endpoints/ingest-server.js';
import { ReplayGuard, signBody, verifySignature } from '../../../lib/endpoints/signature.js';
import { pollSourceOnce } from '../../../lib/pipeline/poll-source.js';
import { createHttpClient } from '../../../lib/sources/http.js';
import { textFixtures } from '../../helpers/fixtures.js';
import { crashWhenArmed, type CrashSwitch } from '../../helpers/crash.js';
import { createTestStore, type TestStore } from '../../helpers/store.js';

const SECRET = 'whsec_test_4f9a1c0e7b';
const fixture = textFixtures('push');
const config = parseConfig(
  `
brands:
  - id: acme
    name: Acme
    queries: [acme]
sources:
  - id: crm
    type: push
    secret_env: TEST_INGEST_SECRET
    brands: [acme]
  - id: scraper
    type: push
    secret_env: TEST_INGEST_SECRET
    max_body_bytes: 2048
  - id: nosecret
    type: push
    secret_env: TEST_INGEST_UNSET
`,
  'test.yaml',
);

async function post(url: string, body: string, opts: { secret?: string; ts?: number; headers?: Record<string, string>; signature?: string } = {}) {
  const ts = String(opts.ts ?? Math.floor(Date.now() / 1000));
  const res = await fetch(url, {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/json',
      'x-timestamp': ts,
      'x-signature': opts.signature ?? signBody(opts.secret ?? SECRET, ts, body),
      ...(opts.headers ?? {}),
    },
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('ingest signature and body helpers', () => {
  it('verifies HMAC signatures over timestamp.body in constant time, within the window', () => {
    const body = Buffer.from('[]');
    const now = 1_795_176_000_000;
    const ts = String(now / 1000);
    const sig = signBody(SECRET, ts, body);
    expect(sig).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifySignature(SECRET, { signature: sig, timestamp: ts }, body, now, 300_000)).toEqual({ ok: true, signedAtMs: now });
    expect(verifySignature('other', { signature: sig, timestamp: ts }, body, now, 300_000)).toEqual({ ok: false, reason: 'signature does not match' });
    expect(verifySignature(SECRET, { signature: sig, timestamp: ts }, Buffer.from('[ ]'), now, 300_000).ok).toBe(false);
    expect(verifySignature(SECRET, { signature: sig, timestamp: ts }, body, now + 301_000, 300_000)).toMatchObject({ ok: false, reason: /outside/ });
    expect(verifySignature(SECRET, { signature: 'sha256=abc', timestamp: ts }, body, now, 300_000)).toMatchObject({ ok: false, reason: /64 hex/ });
    expect(verifySignature(SECRET, { signature: undefined, timestamp: ts }, body, now, 300_000)).toMatchObject({ ok: false, reason: /X-Signature/ });
  });

  it('remembers signatures for the window only', () => {
    const g = new ReplayGuard(300_000);
    expect(g.claim('sha256=aa', 1_000_000, 1_000_000)).toBe(true);
    expect(g.claim('SHA256=AA', 1_000_000, 1_100_000)).toBe(false);
    expect(g.claim('sha256=bb', 1_000_000, 1_000_000)).toBe(true);
    expect(g.claim('sha256=cc', 1_400_001, 1_400_001)).toBe(true); // prunes aa and bb
    expect(g.size).toBe(1);
  });

  it('parses JSON arrays, single objects and JSON Lines', () => {
    expect(parseIngestBody('[{"a":1},{"b":2}]')).toMatchObject({ ok: true, format: 'json', items: [{ index: 0 }, { index: 1 }] });
    expect(parseIngestBody('{"a":1}')).toMatchObject({ ok: true, items: [{ index: 0, value: { a: 1 } }] });
    expect(parseIngestBody('[{"a":1},')).toMatchObject({ ok: false, reason: /^malformed JSON: / });
    expect(parseIngestBody('42')).toMatchObject({ ok: false });
    expect(parseIngestBody('{"a":1}\n\n{oops\n', 'application/x-ndjson')).toMatchObject({
      ok: true,
      format: 'jsonl',
      items: [{ index: 0, value: { a: 1 } }, { index: 1, error: /^line 3: invalid JSON/ }],
    });
  });
});

describe('push ingest endpoint', () => {
  let store: TestStore;
  let clickhouse: ClickHouseClient;
  let server: IngestServer;
  // A store that can be made to fail once (to prove a failed request can be retried as is).
  let flaky: CrashSwitch;
  beforeAll(async () => {
    process.env.TEST_INGEST_SECRET = SECRET;
    store = await createTestStore();
    clickhouse = store.client;
    flaky = crashWhenArmed(clickhouse, 'mentions', 'disk full');
    server = await startIngestServer({ clickhouse: flaky.client, config, port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await server?.close();
    delete process.env.TEST_INGEST_SECRET;
  });

  const rows = (sourceId: string) =>
    store.rows<{ platform: string; external_id: string; in_reply_to: string; n: number }>(
      'SELECT platform, external_id, in_reply_to, toUInt32(count()) AS n FROM mentions WHERE source_id = {s:String} GROUP BY ALL ORDER BY external_id',
      { s: sourceId },
    );
  const rejects = (sourceId: string) =>
    store.rows<{ stage: string; reason: string }>('SELECT stage, reason FROM rejects WHERE source_id = {s:String} ORDER BY reason', { s: sourceId });

  it('stores a signed batch, reports and stores the malformed item, and refuses the same request again', async () => {
    const body = fixture('batch.json');
    const ts = Math.floor(Date.now() / 1000);
    const r = await post(`${server.url}/ingest/crm`, body, { ts });
    expect(r.status).toBe(202);
    expect(r.body).toEqual({
      accepted: 2,
      stored: 2,
      duplicates: 0,
      unmatched: 0,
      rejected: [{ index: 1, reason: 'item 1 (zendesk:48214): created_at: is not an ISO-8601 date-time with a UTC offset (e.g. 2026-11-22T10:00:00Z)' }],
    });
    expect(await rows('crm')).toEqual([
      { platform: 'zendesk', external_id: '48213', in_reply_to: '', n: 1 },
      { platform: 'zendesk', external_id: '48215', in_reply_to: 'zendesk:48213', n: 1 },
    ]);
    expect(await rejects('crm')).toEqual([{ stage: 'ingest', reason: 'item 1 (zendesk:48214): created_at: is not an ISO-8601 date-time with a UTC offset (e.g. 2026-11-22T10:00:00Z)' }]);

    const replayed = await post(`${server.url}/ingest/crm`, body, { ts });
    expect(replayed.status).toBe(409);
    expect(replayed.body.error).toMatch(/replayed/);

    // The same items, freshly signed (a sender's retry): nothing is stored twice.
    const again = await post(`${server.url}/ingest/crm`, body, { ts: ts + 1 });
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ accepted: 2, stored: 0, duplicates: 2 });
    expect((await rows('crm')).every((x) => Number(x.n) === 1)).toBe(true);
  });

  it('accepts JSON Lines; a broken line is that item\'s reject', async () => {
    const r = await post(`${server.url}/ingest/scraper`, fixture('batch.jsonl'), { headers: { 'content-type': 'application/x-ndjson' } });
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ accepted: 2, stored: 2, rejected: [{ index: 2, reason: expect.stringMatching(/^item 2: line 3: invalid JSON/) }] });
    expect((await rows('scraper')).map((x) => [x.external_id, x.in_reply_to])).toEqual([
      ['1', ''],
      ['2', 'forum:1'],
    ]);
  });

  it('refuses bad, missing and stale signatures', async () => {
    const body = fixture('batch.json');
    const wrong = await post(`${server.url}/ingest/crm`, body, { secret: 'not-the-secret' });
    expect(wrong).toEqual({ status: 401, body: { error: 'signature does not match' } });
    const tampered = await post(`${server.url}/ingest/crm`, body.replace('twice', 'thrice'), { signature: signBody(SECRET, Math.floor(Date.now() / 1000), body) });
    expect(tampered.status).toBe(401);
    const stale = Math.floor(Date.now() / 1000) - 600;
    const old = await post(`${server.url}/ingest/crm`, body, { ts: stale });
    expect(old.status).toBe(401);
    expect(old.body.error).toMatch(/outside the accepted window of ±300s/);
    const future = await post(`${server.url}/ingest/crm`, body, { ts: Math.floor(Date.now() / 1000) + 600 });
    expect(future.status).toBe(401);
    const res = await fetch(`${server.url}/ingest/crm`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'missing X-Timestamp header' });
  });

  it('answers 413 to bodies over the limit and 400 with the reason to malformed JSON', async () => {
    const big = JSON.stringify([{ id: 'x:1', platform: 'x', text: 'Acme '.repeat(1000), created_at: '2026-11-20T11:00:00Z' }]);
    const small = await post(`${server.url}/ingest/scraper`, big);
    expect(small).toEqual({ status: 413, body: { error: 'body larger than 2048 bytes' } });
    const huge = '[' + ' '.repeat(5 * 1024 * 1024) + ']';
    const overDefault = await post(`${server.url}/ingest/crm`, huge);
    expect(overDefault.status).toBe(413);

    const broken = await post(`${server.url}/ingest/crm`, '[{"id": "zendesk:1", "platform": ');
    expect(broken.status).toBe(400);
    expect(broken.body.error).toMatch(/^malformed JSON: /);
    const notArray = await post(`${server.url}/ingest/crm`, '"hello"');
    expect(notArray).toEqual({ status: 400, body: { error: 'the JSON body must be an array of mentions (or one mention object)' } });
  });

  it('lets a request that failed to store be retried unchanged', async () => {
    const body = JSON.stringify([{ id: 'zendesk:50001', platform: 'zendesk', text: 'Acme app crashes', created_at: '2026-11-20T11:58:00Z' }]);
    const ts = Math.floor(Date.now() / 1000);
    flaky.arm();
    const failed = await post(`${server.url}/ingest/crm`, body, { ts });
    expect(failed.status).toBe(500);
    expect(failed.body.error).toMatch(/disk full/);
    const retried = await post(`${server.url}/ingest/crm`, body, { ts });
    expect(retried).toMatchObject({ status: 202, body: { stored: 1 } });
  });

  it('writes the validation rejects of a request whose storage failed', async () => {
    const body = JSON.stringify([
      { id: 'zendesk:50101', platform: 'zendesk', text: 'Acme', created_at: '2026-11-20T11:58:00Z' },
      { id: 'zendesk:50102', platform: 'zendesk', text: 'Acme', created_at: 'Nov 22' },
    ]);
    flaky.arm();
    const failed = await post(`${server.url}/ingest/crm`, body);
    expect(failed.status).toBe(500);
    const written = await store.rows<{ reason: string }>("SELECT reason FROM rejects WHERE source_id = 'crm' AND reason LIKE '%50102%'");
    expect(written.map((r) => r.reason)).toEqual(['item 1 (zendesk:50102): created_at: is not an ISO-8601 date-time with a UTC offset (e.g. 2026-11-22T10:00:00Z)']);
  });

  it('answers 202 when ClickHouse refuses an item, listing it with ClickHouse\'s reason', async () => {
    // A value validation did not foresee: the store must still split it off, not fail the request.
    const refusing = new Proxy(clickhouse, {
      get(target, prop) {
        const v = Reflect.get(target, prop);
        if (prop !== 'insert') return typeof v === 'function' ? v.bind(target) : v;
        return (args: Parameters<ClickHouseClient['insert']>[0]) => {
          const values = (args.values as Record<string, unknown>[]).map((r) => (r.external_id === '50202' ? { ...r, text: 'cut \ud83d' } : r));
          return target.insert({ ...args, values });
        };
      },
    });
    const own = await startIngestServer({ clickhouse: refusing, config, port: 0, host: '127.0.0.1' });
    try {
      const body = JSON.stringify(['50201', '50202', '50203'].map((n) => ({ id: `zendesk:${n}`, platform: 'zendesk', text: 'Acme', created_at: '2026-11-20T11:58:00Z' })));
      const r = await post(`${own.url}/ingest/crm`, body);
      expect(r.status).toBe(202);
      expect(r.body).toMatchObject({ accepted: 2, stored: 2, rejected: [{ index: 1, reason: expect.stringMatching(/^item 1 \(zendesk:50202\): storage refused it: CANNOT_PARSE_ESCAPE_SEQUENCE: /) }] });
      expect((await rows('crm')).filter((x) => x.external_id.startsWith('502')).map((x) => x.external_id)).toEqual(['50201', '50203']);
      const refused = await store.rows<{ stage: string }>("SELECT stage FROM rejects WHERE source_id = 'crm' AND reason LIKE '%50202%'");
      expect(refused).toEqual([{ stage: 'store' }]);
    } finally {
      await own.close();
    }
  });

  it('stores concurrent requests side by side, and an id carried by several of them once', async () => {
    // 20 requests in flight, each with its own item and the shared one.
    const bodies = Array.from({ length: 20 }, (_, i) =>
      JSON.stringify([
        { id: 'zendesk:60000', platform: 'zendesk', text: 'Acme shared', created_at: '2026-11-20T12:00:00Z' },
        { id: `zendesk:${60001 + i}`, platform: 'zendesk', text: 'Acme own', created_at: '2026-11-20T12:00:00Z' },
      ]),
    );
    const answers = await Promise.all(bodies.map((b) => post(`${server.url}/ingest/crm`, b)));
    expect(answers.every((a) => a.status === 202)).toBe(true);
    expect(answers.reduce((n, a) => n + Number(a.body.stored), 0)).toBe(21);
    expect(answers.reduce((n, a) => n + Number(a.body.duplicates), 0)).toBe(19);
    const shared = (await rows('crm')).filter((x) => x.external_id >= '60000' && x.external_id <= '60020');
    expect(shared).toHaveLength(21);
    expect(shared.every((x) => Number(x.n) === 1)).toBe(true);
  });

  it('routes by source id and rejects what is not an ingest', async () => {
    expect((await post(`${server.url}/ingest/nope`, '[]')).status).toBe(404);
    expect((await post(`${server.url}/ingest`, '[]')).status).toBe(404); // several push sources: the id is needed
    expect((await fetch(`${server.url}/ingest/crm`)).status).toBe(405);
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ ok: true });
    const unset = await post(`${server.url}/ingest/nosecret`, '[]');
    expect(unset.status).toBe(503);
    expect(unset.body.error).toMatch(/TEST_INGEST_UNSET/);
  });

  it('has nothing to poll', async () => {
    const r = await pollSourceOnce({ clickhouse, http: createHttpClient(), config }, 'crm');
    expect(r).toMatchObject({ pages: 1, fetched: 0, stored: 0, more: false });
  });

  it("an item marked by_brand is the brand's own (an agent's answer from the CRM): author_owned, and it answers the queue", async () => {
    const items = [
      { id: 'zendesk:77001', platform: 'zendesk', text: 'Acme charged me twice, can you refund me?', created_at: '2026-11-20T11:40:00Z' },
      { id: 'zendesk:77002', platform: 'zendesk', text: 'Refund issued, sorry about that', created_at: '2026-11-20T11:55:00Z', in_reply_to: 'zendesk:77001', by_brand: true },
    ];
    const r = await post(`${server.url}/ingest/crm`, JSON.stringify(items));
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ accepted: 2, stored: 2, rejected: [] });
    expect(await store.rows("SELECT external_id, author_owned FROM mentions WHERE source_id = 'crm' AND external_id LIKE '7700%' ORDER BY external_id")).toEqual([
      { external_id: '77001', author_owned: 0 },
      { external_id: '77002', author_owned: 1 },
    ]);
    const queue = (await listQueue(store.client)).filter((i) => i.mention_id.startsWith('zendesk:7700'));
    expect(queue.map((i) => [i.mention_id, i.state, i.first_response_seconds, i.response_mention_id])).toEqual([['zendesk:77001', 'answered', 900, 'zendesk:77002']]);
  });
});
