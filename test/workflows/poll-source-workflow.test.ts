// End to end on real parts: the poll workflow on the real Temporal dev server, the embedded
// ClickHouse, and a local HTTP server replaying Hacker News (Algolia) responses.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/index.js';
import { parseConfig } from '../../lib/config/load.js';
import { createHttpClient } from '../../lib/sources/http.js';
import { loadCursor } from '../../lib/store/cursors-repo.js';
import { startRecordedServer, type RecordedServer } from '../helpers/recorded-server.js';
import { crashOnce } from '../helpers/crash.js';
import { createTestStore } from '../helpers/store.js';
import { createTestWorker, temporalClient, uniqueQueue } from '../helpers/temporal.js';
import { maybeSaveHistory } from '../helpers/histories.js';
import { WORKFLOW_TYPES } from '../../lib/contract/workflows.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/hackernews/${name}`, import.meta.url), 'utf8'));

describe('poll workflow: Hacker News into ClickHouse on a real Temporal server', () => {
  let server: RecordedServer;
  let store: Awaited<ReturnType<typeof createTestStore>>;
  let temporal: Awaited<ReturnType<typeof temporalClient>>;

  beforeAll(async () => {
    server = await startRecordedServer();
    store = await createTestStore();
    temporal = await temporalClient();
  });
  afterAll(async () => {
    await server.close();
    await store.client.close();
    await temporal.connection.close();
    await temporal.native.close();
  });

  it('stores every item once, rejects the malformed one, and a rerun of the same window adds nothing', async () => {
    const config = parseConfig(
      `brands:
  - id: hn-acme
    name: Acme
    queries: [acme]
sources:
  - id: hn
    type: hackernews
    base_url: ${server.url}/api/v1
    hits_per_page: 2
    lookback_seconds: 86400
`,
      'test.yaml',
    );
    // Algolia pages: page 0 then page 1 of the same window, for every round.
    server.handle('/api/v1/search_by_date', (req) =>
      req.query.get('page') === '1' ? { body: fixture('search_by_date.page1.json') } : { body: fixture('search_by_date.page0.json') },
    );
    const taskQueue = uniqueQueue('hn');
    const now = () => new Date('2026-11-22T12:00:00Z');
    const activities = createActivities({ clickhouse: store.client, http: createHttpClient({ backoffMs: 10 }), config, temporal: temporal.client, now, taskQueue });
    const worker = await createTestWorker(temporal.native, taskQueue, activities);

    const firstHandle = await temporal.client.workflow.start(WORKFLOW_TYPES.pollSource, { taskQueue, workflowId: uniqueQueue('poll-hn'), args: [{ sourceId: 'hn' }] });
    const first = await worker.runUntil(firstHandle.result());
    await maybeSaveHistory(firstHandle, 'poll-source');
    expect(first).toMatchObject({ pages: 2, stored: 3, duplicates: 0, rejected: 1 });

    const rows = await store.rows<{ external_id: string; text: string; sentiment: string; likes: number; in_reply_to: string; matched_query: string }>(
      'SELECT external_id, text, sentiment, likes, in_reply_to, matched_query FROM mentions FINAL ORDER BY external_id',
    );
    expect(rows.map((r) => r.external_id)).toEqual(['41229950', '41230001', '41230010']);
    const complaint = rows.find((r) => r.external_id === '41230010')!;
    expect(complaint.sentiment).toBe('negative');
    expect(complaint.in_reply_to).toBe('hackernews:41230001');
    expect(rows.find((r) => r.external_id === '41229950')!.text).toContain("it's been great — really fast.");
    expect(Number(rows.find((r) => r.external_id === '41230001')!.likes)).toBe(212);

    const rejects = await store.rows<{ reason: string }>('SELECT reason FROM rejects');
    expect(rejects).toHaveLength(1);
    expect(rejects[0].reason).toMatch(/hits\[1\] of page 1 for "acme".*created_at/);

    // The window the search used: since = now - lookback, until = now.
    const firstRequest = server.requests[0];
    expect(firstRequest.query.get('numericFilters')).toBe(`created_at_i>${1795348800 - 86400},created_at_i<=1795348800`);
    const cursor = await loadCursor<{ since: Record<string, number>; window?: unknown }>(store.client, 'hn');
    expect(cursor?.since.acme).toBe(1795348800 - 300);
    expect(cursor?.window).toBeUndefined();

    // Same window again (the server answers the same items): nothing new is stored.
    const again = await createTestWorker(temporal.native, taskQueue, activities);
    const second = await again.runUntil(
      temporal.client.workflow.execute(WORKFLOW_TYPES.pollSource, { taskQueue, workflowId: uniqueQueue('poll-hn'), args: [{ sourceId: 'hn' }] }),
    );
    expect(second).toMatchObject({ stored: 0, duplicates: 3 });
    const counts = await store.rows<{ n: string; distinct_ids: string }>('SELECT count() AS n, uniqExact(external_id) AS distinct_ids FROM mentions');
    expect(Number(counts[0].n)).toBe(3);
    expect(Number(counts[0].distinct_ids)).toBe(3);
    const rollup = await store.rows<{ mentions: string }>("SELECT sum(mentions) AS mentions FROM mention_rollup_1m WHERE brand = 'hn-acme'");
    expect(Number(rollup[0].mentions)).toBe(3);

    const polls = await store.rows<{ status: string; stored: number }>('SELECT status, stored FROM source_polls ORDER BY started_at');
    expect(polls.map((p) => p.status)).toEqual(['ok', 'ok']);
  });

  it('retries through a 500 and a 429 with Retry-After, and a crash between fetch and store loses nothing', async () => {
    const store2 = await createTestStore();
    await store2.reset();
    const config = parseConfig(
      `brands:
  - id: hn-acme2
    name: Acme
    queries: [acme]
sources:
  - id: hn2
    type: hackernews
    base_url: ${server.url}/api/v2
    hits_per_page: 2
`,
      'test.yaml',
    );
    server.enqueue('/api/v2/search_by_date', { status: 500, body: 'upstream error' }, { status: 429, headers: { 'Retry-After': '1' }, body: '' });
    server.handle('/api/v2/search_by_date', (req) =>
      req.query.get('page') === '1' ? { body: fixture('search_by_date.page1.json') } : { body: fixture('search_by_date.page0.json') },
    );
    // Simulated crash: the first mentions insert dies after the fetch.
    const clickhouse = crashOnce(store2.client, 'mentions', 'simulated crash between fetch and store');
    const taskQueue = uniqueQueue('hn-retry');
    const activities = createActivities({ clickhouse, http: createHttpClient({ backoffMs: 10 }), config, temporal: temporal.client, taskQueue });
    const worker = await createTestWorker(temporal.native, taskQueue, activities);
    const handle = await temporal.client.workflow.start(WORKFLOW_TYPES.pollSource, { taskQueue, workflowId: uniqueQueue('poll-hn2'), args: [{ sourceId: 'hn2' }] });
    const result = await worker.runUntil(handle.result());
    expect(result).toMatchObject({ stored: 3, duplicates: 0 });
    const history = await handle.fetchHistory();
    const failedAttempts = history.events?.filter((e) => e.activityTaskStartedEventAttributes?.attempt && e.activityTaskStartedEventAttributes.attempt > 1);
    expect(failedAttempts?.length).toBeGreaterThan(0);
    const n = await store2.rows<{ n: string }>('SELECT count() AS n FROM mentions');
    expect(Number(n[0].n)).toBe(3);
    const statuses = server.requests.filter((r) => r.path === '/api/v2/search_by_date').length;
    expect(statuses).toBeGreaterThanOrEqual(4); // 500, 429, then the pages (twice: before and after the crash)
    const polls = await store2.rows<{ status: string; error: string }>('SELECT status, error FROM source_polls ORDER BY started_at');
    expect(polls[0]).toMatchObject({ status: 'error', error: 'ClickHouse insert failed (store mentions, 2 rows into mentions): simulated crash between fetch and store' });
    expect(polls[polls.length - 1].status).toBe('ok');
  });
});
