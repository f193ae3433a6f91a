// Case 8 (poll): the poll activity heartbeats while one page is still being fetched (a request that
// hangs, then its retry), at a third of its heartbeat timeout, so a short timeout catches a dead
// worker without failing a live poll whose page is slow.
import { readFileSync } from 'node:fs';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/index.js';
import { parseConfig } from '../../lib/config/load.js';
import type { PollResult } from '../../lib/contract/poll.js';
import { createHttpClient } from '../../lib/sources/http.js';
import { startRecordedServer, type RecordedServer } from '../helpers/recorded-server.js';
import { createTestStore, type TestStore } from '../helpers/store.js';

const page0 = JSON.parse(readFileSync(new URL('../fixtures/hackernews/search_by_date.page0.json', import.meta.url), 'utf8'));

describe('poll activity heartbeats', () => {
  let server: RecordedServer;
  let store: TestStore;
  beforeAll(async () => {
    server = await startRecordedServer();
    store = await createTestStore();
  });
  afterAll(() => server.close());

  it('keeps heartbeating while a page hangs and is retried, then reports the stored page', async () => {
    // The first request hangs until the client's 1.5 s timeout; the retry answers.
    server.enqueue('/api/v1/search_by_date', { hang: true });
    server.handle('/api/v1/search_by_date', () => ({ body: { ...page0, nbPages: 1 } }));
    const config = parseConfig(
      `brands: [{ id: hb-acme, name: Acme, queries: [acme] }]\nsources: [{ id: hn-hb, type: hackernews, base_url: "${server.url}/api/v1", max_pages: 1 }]\n`,
      'test.yaml',
    );
    const activities = createActivities({ clickhouse: store.client, http: createHttpClient({ timeoutMs: 1500, backoffMs: 1 }), config, temporal: {} as Client });
    const env = new MockActivityEnvironment({ heartbeatTimeoutMs: 300 });
    const beats: (PollResult | undefined)[] = [];
    env.on('heartbeat', (d: PollResult | undefined) => beats.push(d));
    const result = (await env.run(activities.pollSource, { sourceId: 'hn-hb' })) as PollResult;
    expect(result.pages).toBe(1);
    const beforeFirstPage = beats.findIndex((b) => b !== undefined);
    // Every 100 ms through the 1.5 s hang: far more than 3 beats before the page was stored.
    expect(beforeFirstPage).toBeGreaterThanOrEqual(3);
    expect(beats[beforeFirstPage]).toMatchObject({ sourceId: 'hn-hb', pages: 1 });
    const count = beats.length;
    await new Promise((r) => setTimeout(r, 500));
    expect(beats.length).toBe(count); // stopped with the activity
  });
});
