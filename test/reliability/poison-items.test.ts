// Issue 11, case 1: one poison item must not stop a source. A polled page (the replay connector,
// through the poll workflow on the real dev server) and a signed push request carry the same
// poison: a lone surrogate (half an emoji), created_at beyond ClickHouse's range and beyond the
// time window, items spread over 150 months, a 3.7-star rating. The bad items go to `rejects`
// with their reason, the rest is stored, the poll's cursor moves on, the push answers 202.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/index.js';
import { parseConfig } from '../../lib/config/load.js';
import { WORKFLOW_TYPES } from '../../lib/contract/workflows.js';
import { startIngestServer } from '../../lib/endpoints/ingest-server.js';
import { signBody } from '../../lib/endpoints/signature.js';
import { createHttpClient } from '../../lib/sources/http.js';
import { loadCursor } from '../../lib/store/cursors-repo.js';
import { rollupDifferences } from '../../lib/store/rollup-repo.js';
import { useTestStore } from '../helpers/store.js';
import { createTestWorker, temporalClient, uniqueQueue } from '../helpers/temporal.js';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const SECRET = 'whsec_poison_71c2';

/** 150 good items, one per month back from November 2026, and the poison. */
function items(platform: string) {
  const good = Array.from({ length: 150 }, (_, i) => ({
    id: `${platform}:${i}`,
    platform,
    text: `Acme month ${i}`,
    created_at: new Date(Date.UTC(2026, 10 - i, 15, 12)).toISOString(),
  }));
  const poison = [
    { id: `${platform}:emoji`, platform, text: 'Acme is great \ud83d', created_at: '2026-11-30T10:00:00Z' }, // stored, as U+FFFD
    { id: `${platform}:beyond`, platform, text: 'Acme', created_at: '+275760-09-13T00:00:00.000Z' },
    { id: `${platform}:ahead`, platform, text: 'Acme', created_at: '2031-01-01T00:00:00Z' },
    { id: `${platform}:stars`, platform, text: 'Acme', created_at: '2026-11-30T11:00:00Z', rating: 3.7 },
    { id: `${platform}:\ud83d`, platform, text: 'Acme', created_at: 'yesterday' }, // its reject names a broken id
  ];
  return [...good, ...poison];
}

describe('poison items (issue 11, case 1)', () => {
  const store = useTestStore();
  let temporal: Awaited<ReturnType<typeof temporalClient>>;
  beforeAll(async () => {
    temporal = await temporalClient();
  });
  afterAll(async () => {
    await temporal.connection.close();
    await temporal.native.close();
  });

  const stored = (source: string) =>
    store.rows<{ external_id: string; text: string }>('SELECT external_id, text FROM mentions FINAL WHERE source_id = {s:String} ORDER BY external_id', { s: source });
  const rejects = (source: string) =>
    store.rows<{ stage: string; reason: string }>('SELECT stage, reason FROM rejects WHERE source_id = {s:String} ORDER BY reason', { s: source });

  it('a polled page: the bad items are rejected with their reason, the rest stored, the cursor moves on', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'brand-pulse-poison-'));
    const file = path.join(dir, 'page.jsonl');
    // JSON.stringify writes a lone surrogate as the escape "\ud83d", as a provider's JSON would.
    writeFileSync(file, items('forum').map((m) => JSON.stringify(m)).join('\n'));
    const config = parseConfig(
      `brands: [{ id: acme, name: Acme, queries: [acme] }]\nsources: [{ id: forum-replay, type: replay, path: ${file}, speed: 10000000000000 }]\n`,
      path.join(dir, 'monitor.yaml'),
    );
    let clock = NOW;
    const taskQueue = uniqueQueue('poison');
    const activities = createActivities({ clickhouse: store.client, http: createHttpClient(), config, temporal: temporal.client, now: () => new Date(clock), taskQueue });
    const worker = await createTestWorker(temporal.native, taskQueue, activities);
    const poll = () => temporal.client.workflow.execute(WORKFLOW_TYPES.pollSource, { taskQueue, workflowId: uniqueQueue('poll-poison'), args: [{ sourceId: 'forum-replay' }] });
    await worker.runUntil(async () => {
      await poll(); // anchors the replay clock: the oldest item is due
      clock += 1000; // ten thousand years of stream later: everything is due, in one page
      const r = await poll();
      expect(r).toMatchObject({ stored: 150, rejected: 1 });
      clock += 1000;
      expect(await poll()).toMatchObject({ stored: 0, fetched: 0 }); // not stuck on the page: it has moved on
    });

    const rows = await stored('forum-replay');
    expect(rows).toHaveLength(151);
    expect(rows.find((r) => r.external_id === 'emoji')?.text).toBe('Acme is great \ufffd');
    const reasons = (await rejects('forum-replay')).map((r) => `${r.stage} ${r.reason.replace(file, 'page.jsonl')}`);
    expect(reasons.sort()).toEqual([
      // 150th of the second page (the first page held the oldest item alone)
      'parse item 150 (forum:ahead): created_at: 2031-01-01T00:00:00.000Z is more than a day after 2026-12-01T12:00:01.000Z',
      'parse page.jsonl:152: created_at: is not an ISO-8601 date-time with a UTC offset (e.g. 2026-11-22T10:00:00Z)',
      'parse page.jsonl:154: rating: must be a whole number of stars',
      'parse page.jsonl:155: created_at: is not an ISO-8601 date-time with a UTC offset (e.g. 2026-11-22T10:00:00Z)',
    ]);
    expect(await loadCursor(store.client, 'forum-replay')).toMatchObject({ position: 152, total: 152 }); // 155 lines, 3 unreadable
    const polls = await store.rows<{ status: string }>("SELECT status FROM source_polls WHERE source_id = 'forum-replay'");
    expect(polls.map((p) => p.status)).toEqual(['ok', 'ok', 'ok']);
    expect(await rollupDifferences(store.client, { from: 0, to: NOW + 86_400_000 })).toEqual([]);
  });

  it('a push request: answers 202 with the bad items listed, stores the rest', async () => {
    process.env.TEST_POISON_SECRET = SECRET;
    const config = parseConfig('brands: [{ id: acme, name: Acme, queries: [acme] }]\nsources: [{ id: crm-poison, type: push, secret_env: TEST_POISON_SECRET }]\n', 'test.yaml');
    const server = await startIngestServer({ clickhouse: store.client, config, now: () => new Date(NOW) });
    try {
      const body = JSON.stringify(items('crm'));
      const ts = String(Math.floor(NOW / 1000));
      const res = await fetch(`${server.url}/ingest/crm-poison`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', 'x-timestamp': ts, 'x-signature': signBody(SECRET, ts, body) },
      });
      expect(res.status).toBe(202);
      expect(await res.json()).toEqual({
        accepted: 151,
        stored: 151,
        duplicates: 0,
        unmatched: 0,
        rejected: [
          { index: 151, reason: 'item 151 (crm:beyond): created_at: is not an ISO-8601 date-time with a UTC offset (e.g. 2026-11-22T10:00:00Z)' },
          { index: 152, reason: 'item 152 (crm:ahead): created_at: 2031-01-01T00:00:00.000Z is more than a day after 2026-12-01T12:00:00.000Z' },
          { index: 153, reason: 'item 153 (crm:stars): rating: must be a whole number of stars' },
          { index: 154, reason: 'item 154 (crm:\ufffd): created_at: is not an ISO-8601 date-time with a UTC offset (e.g. 2026-11-22T10:00:00Z)' },
        ],
      });
      expect(await stored('crm-poison')).toHaveLength(151);
      expect((await rejects('crm-poison')).map((r) => r.stage)).toEqual(['ingest', 'ingest', 'ingest', 'ingest']);
    } finally {
      await server.close();
      delete process.env.TEST_POISON_SECRET;
    }
  });
});
