// Detection on real parts: mentions with a negative burst are stored through the same batch
// path the sources use, the detect workflow scores the rollup on the real Temporal server, and
// the incident workflow it starts records the incident and alerts a local Slack receiver. The
// tick also sweeps the reply queue (and survives a sweep that fails).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/index.js';
import { compileBrandMatchers } from '../../lib/analysis/brand-match.js';
import { parseConfig } from '../../lib/config/load.js';
import { storeBatch } from '../../lib/pipeline/store-batch.js';
import { createHttpClient } from '../../lib/sources/http.js';
import { incidentStateQuery } from '../../lib/contract/incident.js';
import { incidentWorkflowId } from '../../lib/contract/ids.js';
import { startRecordedServer, type RecordedServer } from '../helpers/recorded-server.js';
import { eventually } from '../helpers/smtp-sink.js';
import { createTestStore, type TestStore } from '../helpers/store.js';
import { createTestWorker, temporalClient, uniqueQueue } from '../helpers/temporal.js';
import { maybeSaveHistory } from '../helpers/histories.js';
import { compileOwnedAccounts } from '../../lib/care/owned-accounts.js';
import { listQueue } from '../../lib/store/queue-repo.js';
import { leaveUnanswered } from '../helpers/queue.js';
import { WORKFLOW_TYPES } from '../../lib/contract/workflows.js';

const START = Date.parse('2026-11-20T00:00:00Z');
const MIN = 60_000;

/** A day and a half of calm chatter (a few posts per 15 min), then a burst of complaints. */
function mentions(brandWord: string) {
  const out: object[] = [];
  let n = 0;
  const add = (t: number, text: string, platform = 'x') =>
    out.push({ id: `${platform}:d${++n}`, platform, text, created_at: new Date(t).toISOString(), url: `https://${platform}.example/${n}`, author: { id: `u${n % 97}`, name: `u${n % 97}`, followers: 100 }, engagement: { likes: 1, shares: 0, replies: 0 } });
  for (let t = START; t < START + 36 * 60 * MIN; t += 15 * MIN) {
    add(t + 1 * MIN, `Flying with ${brandWord} today, nice crew`);
    add(t + 5 * MIN, `${brandWord} announced a new route`, 'reddit');
    if ((t / (15 * MIN)) % 4 === 0) add(t + 9 * MIN, `${brandWord} delayed my flight, annoying`);
  }
  const burst = START + 36 * 60 * MIN;
  for (let i = 0; i < 40; i++) add(burst + (i % 15) * MIN, `${brandWord} lost my luggage, terrible service, I want a refund`, i % 2 ? 'x' : 'mastodon');
  // Calm again afterwards so the incident can resolve.
  for (let t = burst + 15 * MIN; t < burst + 6 * 60 * MIN; t += 15 * MIN) add(t + 2 * MIN, `Flying with ${brandWord} today, nice crew`);
  return out;
}

describe('detect workflow -> incident workflow on a real Temporal server', () => {
  let slack: RecordedServer;
  let store: TestStore;
  let temporal: Awaited<ReturnType<typeof temporalClient>>;
  beforeAll(async () => {
    slack = await startRecordedServer();
    store = await createTestStore();
    temporal = await temporalClient();
  });
  afterAll(async () => {
    await slack.close();
    await temporal.connection.close();
    await temporal.native.close();
  });

  it('opens one incident for the burst, with phrases and samples, and resolves it', async () => {
    const brand = `zephyr${Date.now().toString(36)}`;
    process.env.TEST_DETECT_SLACK = `${slack.url}/hooks/detect`;
    slack.handle('/hooks/detect', () => ({ body: 'ok' }));
    const config = parseConfig(
      `brands: [{ id: ${brand}, name: Zephyr Air, queries: [Zephyr] }]
sources: [{ id: feed, type: replay, path: unused.jsonl }]
detection: { bucket: 15m, baseline_window: 2d, resolve_after: 1h, cooldown: 3h, clock: stream }
alerts:
  routes: [{ id: slack, type: slack, webhook_url_env: TEST_DETECT_SLACK }]
  default_routes: [slack]
`,
      'test.yaml',
    );
    const taskQueue = uniqueQueue('detect');
    const activities = createActivities({ clickhouse: store.client, http: createHttpClient(), config, temporal: temporal.client, taskQueue });
    const worker = await createTestWorker(temporal.native, taskQueue, activities);
    const all = mentions('Zephyr');
    const matchers = compileBrandMatchers(config.brands);
    let detectRuns = 0;
    const runDetect = async () => {
      const h = await temporal.client.workflow.start(WORKFLOW_TYPES.detect, { taskQueue, workflowId: uniqueQueue('detect-run') });
      const r = await h.result();
      if (r.anomalous > 0) await maybeSaveHistory(h, `detect-per-brand-${++detectRuns}`);
      return r;
    };

    await worker.runUntil(async () => {
      // Feed the stream in three slices, detecting after each, as the schedules would.
      const cut1 = all.findIndex((m) => (m as { text: string }).text.includes('lost my luggage'));
      const slices = [all.slice(0, cut1), all.slice(cut1, cut1 + 40), all.slice(cut1 + 40)];
      const results = [];
      for (const slice of slices) {
        const stored = await storeBatch(store.client, { sourceId: 'feed', matchers, fetchedAt: new Date() }, slice);
        expect(stored.stored).toBe(slice.length);
        results.push(await runDetect());
      }
      expect(results[0].anomalous).toBe(0); // calm history: no alarm
      expect(results[1].anomalous).toBeGreaterThan(0); // the burst
      const handle = temporal.client.workflow.getHandle(incidentWorkflowId(brand));
      await eventually(() => slack.requests.length >= 2, 30_000, 'open and resolve alerts');
      const state = await handle.query(incidentStateQuery);
      expect(['cooldown', 'resolved']).toContain(state.status);
      expect(state.peakNegative).toBeGreaterThanOrEqual(30);
      expect(state.evidence.phrases.map((p) => p.phrase).join(' ')).toMatch(/luggage|lost|refund/);
      expect(state.evidence.platforms).toEqual(['mastodon', 'x']);
    });
    const texts = slack.requests.map((r) => JSON.parse(r.body).text as string);
    expect(texts[0]).toMatch(/^:rotating_light: Negative chatter about Zephyr Air is spreading/);
    expect(texts.some((t) => t.includes('Resolved: negative chatter about Zephyr Air'))).toBe(true);
    const incidents = await store.rows<{ status: string; n: string }>(
      'SELECT status, count() AS n FROM incidents FINAL WHERE brand = {b:String} GROUP BY status',
      { b: brand },
    );
    expect(incidents).toEqual([{ status: 'resolved', n: expect.anything() }]);
    expect(Number(incidents[0].n)).toBe(1);
  });

  it('the tick sweeps the reply queue: an owned reply whose sync missed its item answers it', async () => {
    const brand = `kite${Date.now().toString(36)}`;
    const config = parseConfig(
      `brands: [{ id: ${brand}, name: Kite Air, queries: [Kite], owned: { x: ["@KiteCare"] } }]
sources: [{ id: feed, type: replay, path: unused.jsonl }]
detection: { every: 1m }
`,
      'test.yaml',
    );
    const taskQueue = uniqueQueue('sweep');
    // The tick runs a few minutes later, once the reply has settled (the sweep leaves younger ones to the next tick).
    const later = () => new Date(Date.now() + 5 * 60_000);
    const worker = await createTestWorker(temporal.native, taskQueue, createActivities({ clickhouse: store.client, http: createHttpClient(), config, temporal: temporal.client, taskQueue, now: later }));
    const ctx = { sourceId: 'feed', matchers: compileBrandMatchers(config.brands), owned: compileOwnedAccounts(config.brands), fetchedAt: new Date() };
    const id = `k${Date.now().toString(36)}`;
    const start = Math.floor(Date.now() / 60_000) * 60_000 - 60 * 60_000;
    const at = (min: number) => new Date(start + min * 60_000).toISOString();
    await storeBatch(store.client, ctx, [{ id: `x:${id}`, platform: 'x', text: 'Kite my bag never arrived, can you help?', created_at: at(0), author: { id: 'c1', name: 'cust', followers: 3 }, thread_id: `x:${id}` }]);
    await storeBatch(store.client, ctx, [
      { id: `x:${id}r`, platform: 'x', text: 'So sorry, please DM us your file reference.', created_at: at(10), author: { id: '9', name: 'KiteCare', followers: 900 }, in_reply_to: `x:${id}`, thread_id: `x:${id}` },
    ]);
    // The two syncs missed each other (two workers on one ClickHouse server): the item left open.
    await leaveUnanswered(store.client, `x:${id}`);
    const mine = async () => (await listQueue(store.client)).find((i) => i.mention_id === `x:${id}`);
    expect(await mine()).toMatchObject({ state: 'open' });

    await worker.runUntil(async () => {
      const tick = await temporal.client.workflow.execute(WORKFLOW_TYPES.detect, { taskQueue, workflowId: uniqueQueue('sweep-run') });
      expect(tick).toMatchObject({ failed: 0, answered: 1 });
    });
    expect(await mine()).toMatchObject({ state: 'answered', response_mention_id: `x:${id}r`, first_response_seconds: 600 });
  });

  it('a failing sweep fails neither the tick nor its detection, and is tried once', async () => {
    const brand = `wren${Date.now().toString(36)}`;
    const config = parseConfig(`brands: [{ id: ${brand}, name: Wren Air, queries: [Wren] }]\nsources: [{ id: feed, type: replay, path: unused.jsonl }]\n`, 'test.yaml');
    const taskQueue = uniqueQueue('sweep-fails');
    let attempts = 0;
    const activities = {
      ...createActivities({ clickhouse: store.client, http: createHttpClient(), config, temporal: temporal.client, taskQueue }),
      sweepQueue: async () => {
        attempts++;
        throw new Error('store unreachable');
      },
    };
    const worker = await createTestWorker(temporal.native, taskQueue, activities);
    await worker.runUntil(async () => {
      const tick = await temporal.client.workflow.execute(WORKFLOW_TYPES.detect, { taskQueue, workflowId: uniqueQueue('sweep-fails-run') });
      expect(tick).toMatchObject({ brands: 1, anomalous: 0, failed: 0 });
      expect(tick).not.toHaveProperty('answered');
    });
    expect(attempts).toBe(1);
  });
});
