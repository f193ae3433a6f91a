// The scheduled digest end to end on the real dev server: a known day of mentions, an incident
// and reply-queue items in the embedded ClickHouse; the digest workflow collects them and delivers
// to an SMTP sink (charts inline by CID), a Slack bot-token receiver (the message, then each chart
// uploaded by Slack's external-upload flow) and a webhook receiver (signed JSON, charts as base64).
// The figures each one got are checked against the data set, and the images are real PNGs.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/index.js';
import { verifyWebhookSignature } from '../../lib/alerts/webhook-signature.js';
import { parseConfig } from '../../lib/config/load.js';
import type { DigestResult } from '../../lib/contract/digest.js';
import { WORKFLOW_TYPES, type WorkflowFn } from '../../lib/contract/workflows.js';
import { createHttpClient } from '../../lib/sources/http.js';
import { chTime, insertRows } from '../../lib/store/clickhouse.js';
import { upsertIncident } from '../../lib/store/incidents-repo.js';
import { maybeSaveHistory } from '../helpers/histories.js';
import { startRecordedServer, type RecordedServer } from '../helpers/recorded-server.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { createTestStore, type TestStore } from '../helpers/store.js';
import { createTestWorker, temporalClient, uniqueQueue } from '../helpers/temporal.js';
import { mentionRow } from '../lib/store/rows.js';

const END = Date.parse('2026-11-23T08:00:00Z');
const FROM = END - 86_400_000;
const HOUR = 3_600_000;
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Width in pixels from a PNG's IHDR chunk. */
const pngWidth = (b: Buffer) => b.readUInt32BE(16);

/** An upload endpoint that keeps the exact bytes (the recorded server reads bodies as text). */
async function startUploadSink(): Promise<{ url: string; files: Buffer[]; close(): Promise<void> }> {
  const files: Buffer[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      files.push(Buffer.concat(chunks));
      res.writeHead(200, { 'content-type': 'text/plain' }).end('OK - uploaded');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, files, close: () => new Promise((r) => server.close(() => r())) };
}

/** The MIME parts of a raw message: headers and the decoded body. */
function mimeParts(raw: string): { headers: string; body: Buffer }[] {
  const boundaries = [...raw.matchAll(/boundary="?([^";\r\n]+)"?/g)].map((m) => m[1]);
  const parts: { headers: string; body: Buffer }[] = [];
  const chunks = raw.split(new RegExp(boundaries.map((b) => `--${b.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:--)?\\r?\\n?`).join('|')));
  for (const chunk of chunks) {
    const at = chunk.indexOf('\r\n\r\n');
    if (at < 0) continue;
    const headers = chunk.slice(0, at);
    const content = chunk.slice(at + 4);
    if (/Content-Type: multipart/i.test(headers) || !/Content-Type:/i.test(headers)) continue;
    const body = /Content-Transfer-Encoding: base64/i.test(headers)
      ? Buffer.from(content.replace(/\s+/g, ''), 'base64')
      : /quoted-printable/i.test(headers)
        ? Buffer.from(content.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1')
        : Buffer.from(content);
    parts.push({ headers, body });
  }
  return parts;
}

describe('digest workflow', () => {
  let temporal: Awaited<ReturnType<typeof temporalClient>>;
  let store: TestStore;
  let slack: RecordedServer;
  let hooks: RecordedServer;
  let smtp: SmtpSink;
  let uploads: Awaited<ReturnType<typeof startUploadSink>>;
  const brand = `dig${Date.now().toString(36)}`;

  beforeAll(async () => {
    temporal = await temporalClient();
    store = await createTestStore();
    slack = await startRecordedServer();
    hooks = await startRecordedServer();
    smtp = await startSmtpSink();
    uploads = await startUploadSink();

    // The day: 12 English mentions (6 negative, about lost luggage), 8 French (2 negative); the day before: 10, 1 negative;
    // and 3 posts of the brand's own.
    let n = 0;
    const row = (t: number, lang: string, negative: boolean, text: string) =>
      mentionRow(n++, {
        brand, lang, text, rating: 0, platform: 'x', sentiment: negative ? 'negative' : 'neutral', created_at: chTime(t),
        author_name: `author${n}`, author_followers: negative ? 100 + n : 0, url: `https://x.example/${n}`,
      });
    const rows = [
      ...Array.from({ length: 12 }, (_, i) => row(FROM + (i + 1) * HOUR, 'en', i < 6, i < 6 ? 'They lost luggage again, the baggage desk ignored me' : 'Flight was fine today')),
      ...Array.from({ length: 8 }, (_, i) => row(FROM + (i + 13) * HOUR + 60_000, 'fr', i < 2, i < 2 ? 'Service client nul, bagages perdus' : 'Vol correct aujourd’hui')),
      ...Array.from({ length: 10 }, (_, i) => row(FROM - 86_400_000 + (i + 1) * HOUR, 'en', i === 0, 'Nice flight with a friendly crew')),
      // The brand's own replies, read negative and far-reaching: its voice, not chatter, so in no figure, phrase or sample.
      ...Array.from({ length: 3 }, (_, i) => ({
        ...row(FROM + (i + 2) * HOUR, 'en', true, 'We are so sorry, our agents are looking into the delayed flights'),
        author_owned: 1, author_followers: 90_000,
      })),
    ];
    await insertRows(store.client, 'digest test mentions', 'mentions', rows);
    const incident = { incidentId: `${brand}-20261122T1200Z`, brand, severity: 'high', openedAt: FROM + 4 * HOUR, peakAt: FROM + 5 * HOUR, peakNegative: 12, baseline: 1, score: 0.97, summary: {}, workflowId: 'x' };
    await upsertIncident(store.client, { ...incident, status: 'open', updatedAt: FROM + 4 * HOUR });
    await upsertIncident(store.client, { ...incident, status: 'resolved', resolvedAt: FROM + 8 * HOUR, updatedAt: FROM + 8 * HOUR });
    // An older incident, resolved before the day: not in the digest.
    await upsertIncident(store.client, { ...incident, incidentId: `${brand}-old`, status: 'resolved', openedAt: FROM - 30 * HOUR, resolvedAt: FROM - 28 * HOUR, peakNegative: 99, updatedAt: FROM - 28 * HOUR });

    // A stand-in for the reply queue's view (its own migration adds the real one): 3 answered in 10, 20 and 60 min, 1 open.
    await store.client.command({ query: 'DROP VIEW IF EXISTS v_queue' });
    await store.client.command({
      query: `CREATE TABLE IF NOT EXISTS digest_test_queue (brand String, created_at DateTime64(3, 'UTC'), state String, first_response_seconds Nullable(UInt32)) ENGINE = MergeTree ORDER BY brand`,
    });
    await store.client.command({ query: 'CREATE VIEW v_queue AS SELECT * FROM digest_test_queue' });
    await insertRows(store.client, 'queue', 'digest_test_queue', [
      { brand, created_at: chTime(FROM + HOUR), state: 'answered', first_response_seconds: 600 },
      { brand, created_at: chTime(FROM + 2 * HOUR), state: 'answered', first_response_seconds: 1200 },
      { brand, created_at: chTime(FROM + 3 * HOUR), state: 'answered', first_response_seconds: 3600 },
      { brand, created_at: chTime(FROM + 4 * HOUR), state: 'open', first_response_seconds: null },
      { brand: 'other', created_at: chTime(FROM + 4 * HOUR), state: 'open', first_response_seconds: null },
    ]);

    let uploadsAsked = 0;
    slack.handle('/api/chat.postMessage', () => ({ body: { ok: true, ts: '1700000000.000100' } }));
    slack.handle('/api/files.getUploadURLExternal', () => ({ body: { ok: true, upload_url: `${uploads.url}/upload/F${++uploadsAsked}`, file_id: `F${uploadsAsked}` } }));
    slack.handle('/api/files.completeUploadExternal', () => ({ body: { ok: true, files: [] } }));
    hooks.handle('/digest', () => ({ status: 202 }));
    process.env.DIGEST_TEST_BOT = 'xoxb-digest-test';
    process.env.DIGEST_TEST_HOOK = `${hooks.url}/digest`;
    process.env.DIGEST_TEST_SECRET = 'whsec-digest-test';
  });
  afterAll(async () => {
    await Promise.all([slack?.close(), hooks?.close(), smtp?.close(), uploads?.close()]);
    await temporal?.connection.close();
    await temporal?.native.close();
  });

  it('collects the day and delivers it with its charts to email, Slack and a webhook', { timeout: 120_000 }, async () => {
    const config = parseConfig(
      `brands:
  - { id: ${brand}, name: Nimbus Air, queries: [nimbus], digest: { every: daily, at: "08:00", routes: [mail, care, hook] } }
sources: [{ id: hn, type: hackernews }]
alerts:
  routes:
    - { id: mail, type: email, to: [care@nimbus.test], from: digest@nimbus.test, smtp: { host: 127.0.0.1, port: ${smtp.port} } }
    - { id: care, type: slack, bot_token_env: DIGEST_TEST_BOT, channel: C0CARE, api_base_url: "${slack.url}/api" }
    - { id: hook, type: webhook, url_env: DIGEST_TEST_HOOK, secret_env: DIGEST_TEST_SECRET }
`,
      'digest.yaml',
    );
    const taskQueue = uniqueQueue('digest');
    const worker = await createTestWorker(temporal.native, taskQueue, createActivities({ clickhouse: store.client, http: createHttpClient(), config, temporal: temporal.client, taskQueue }));
    const result: DigestResult = await worker.runUntil(async () => {
      const handle = await temporal.client.workflow.start<WorkflowFn<'digest'>>(WORKFLOW_TYPES.digest, { taskQueue, workflowId: uniqueQueue(`digest-${brand}`), args: [{ brand, end: END }] });
      const done = await handle.result();
      await maybeSaveHistory(handle, 'digest');
      return done;
    });
    expect(result).toEqual({ digestId: `digest-${brand}-20261123T080000Z`, sent: ['mail', 'care', 'hook'], failed: [] });

    // Email: the figures in the text, both charts inline as PNG referenced by CID from the HTML.
    expect(smtp.mails).toHaveLength(1);
    const parts = mimeParts(smtp.mails[0].raw);
    const text = parts.find((p) => /Content-Type: text\/plain/i.test(p.headers))!.body.toString('utf8');
    const html = parts.find((p) => /Content-Type: text\/html/i.test(p.headers))!.body.toString('utf8');
    expect(smtp.mails[0].raw).toContain('Subject: Nimbus Air daily digest, 2026-11-22 08:00 to 2026-11-23 08:00 UTC');
    expect(text).toContain('20 mentions (+100% on the previous day)');
    expect(text).toContain('8 negative, 40% of mentions (was 10%)');
    expect(text).toContain('en: 12 mentions, 50% negative');
    expect(text).toContain('fr: 8 mentions, 25% negative');
    expect(text).toContain(`high incident ${brand}-20261122T1200Z opened 2026-11-22 12:00 UTC, peak 12`);
    expect(text).not.toContain(`${brand}-old`);
    expect(text).toContain('3 of 4 posts needing a reply answered, first response median 20 min');
    expect(text).toMatch(/Top negative phrases: .*lost luggage \(6\)/);
    expect(text).toContain('They lost luggage again'); // a most-reached negative post
    expect(text).not.toContain('We are so sorry'); // the brand's own reply, read negative with 90,000 followers
    const images = parts.filter((p) => /Content-Type: image\/png/i.test(p.headers));
    expect(images).toHaveLength(2);
    for (const img of images) {
      expect(img.body.subarray(0, 8).equals(PNG_MAGIC)).toBe(true);
      expect(pngWidth(img.body)).toBe(1440);
      const cid = /Content-ID: <([^>]+)>/i.exec(img.headers)![1];
      expect(html).toContain(`cid:${cid}`);
    }

    // Slack: the message, then two charts uploaded (exact PNG bytes) and shared in the channel.
    const posted = slack.requests.find((r) => r.path === '/api/chat.postMessage')!;
    expect(posted.headers.authorization).toBe('Bearer xoxb-digest-test');
    const message = JSON.parse(posted.body) as { channel: string; text: string; blocks: unknown[] };
    expect(message.channel).toBe('C0CARE');
    expect(message.text).toBe('Nimbus Air daily digest, 2026-11-22 08:00 to 2026-11-23 08:00 UTC');
    expect(JSON.stringify(message.blocks)).toContain('8 negative, 40% of mentions');
    const asked = slack.requests.filter((r) => r.path === '/api/files.getUploadURLExternal').map((r) => new URLSearchParams(r.body));
    expect(asked.map((q) => q.get('filename'))).toEqual([`digest-${brand}-20261123T080000Z-volume.png`, `digest-${brand}-20261123T080000Z-languages.png`]);
    expect(uploads.files).toHaveLength(2);
    uploads.files.forEach((f, i) => {
      expect(f.subarray(0, 8).equals(PNG_MAGIC)).toBe(true);
      expect(String(f.length)).toBe(asked[i].get('length'));
    });
    const completed = slack.requests.filter((r) => r.path === '/api/files.completeUploadExternal').map((r) => JSON.parse(r.body));
    expect(completed.map((c) => [c.channel_id, c.files[0].id])).toEqual([['C0CARE', 'F1'], ['C0CARE', 'F2']]);

    // Webhook: signed, the same figures as JSON, the charts as base64 PNG.
    const hook = hooks.requests.find((r) => r.path === '/digest')!;
    expect(hook.headers['x-brandpulse-event']).toBe('digest.daily');
    expect(verifyWebhookSignature('whsec-digest-test', hook.body, String(hook.headers['x-brandpulse-signature']), Math.floor(Date.now() / 1000))).toBe(true);
    const payload = JSON.parse(hook.body);
    expect(payload).toMatchObject({
      type: 'digest',
      brand: { id: brand, name: 'Nimbus Air' },
      period: { from: '2026-11-22T08:00:00.000Z', to: '2026-11-23T08:00:00.000Z', bucket_seconds: 3600 },
      mentions: 20,
      negative: 8,
      negative_share_percent: 40,
      previous: { mentions: 10, negative: 1 },
      languages: [{ lang: 'en', mentions: 12, negative: 6 }, { lang: 'fr', mentions: 8, negative: 2 }],
      incidents: [{ id: `${brand}-20261122T1200Z`, severity: 'high', status: 'resolved', peak_negative: 12 }],
      responses: { items: 4, answered: 3, waiting: 1, median_seconds: 1200 },
    });
    expect(payload.series).toHaveLength(24);
    expect(payload.series.reduce((s: number, b: { mentions: number }) => s + b.mentions, 0)).toBe(20);
    expect(payload.charts.map((c: { name: string }) => c.name)).toEqual(['volume', 'languages']);
    for (const c of payload.charts) expect(Buffer.from(c.base64, 'base64').subarray(0, 8).equals(PNG_MAGIC)).toBe(true);

    // Each delivery recorded under the digest's id.
    const recorded = await store.rows<{ route_id: string; status: string }>(
      "SELECT route_id, status FROM alert_deliveries WHERE incident_id = {id:String} AND kind = 'digest' ORDER BY route_id",
      { id: result.digestId },
    );
    expect(recorded).toEqual([{ route_id: 'care', status: 'sent' }, { route_id: 'hook', status: 'sent' }, { route_id: 'mail', status: 'sent' }]);
  });

  it('without the reply queue the response section is left out; a brand without a digest is skipped', { timeout: 60_000 }, async () => {
    await store.client.command({ query: 'DROP VIEW IF EXISTS v_queue' });
    const config = parseConfig(
      `brands:
  - { id: ${brand}, name: Nimbus Air, queries: [nimbus] }
  - { id: quiet, name: Quiet, queries: [quiet], digest: { every: weekly, routes: [hook] } }
sources: [{ id: hn, type: hackernews }]
digest: { every: daily, routes: [hook, slackhook] }
alerts:
  routes:
    - { id: hook, type: webhook, url_env: DIGEST_TEST_HOOK, secret_env: DIGEST_TEST_SECRET }
    - { id: slackhook, type: slack, webhook_url_env: DIGEST_TEST_SLACK_HOOK }
`,
      'digest2.yaml',
    );
    const none = parseConfig(`brands: [{ id: ${brand}, name: Nimbus Air, queries: [nimbus] }]\nsources: [{ id: hn, type: hackernews }]\n`, 'none.yaml');
    process.env.DIGEST_TEST_SLACK_HOOK = `${slack.url}/services/T0/B0/digest`;
    slack.handle('/services/T0/B0/digest', () => ({ body: 'ok' }));
    const before = hooks.requests.length;
    const uploadsBefore = uploads.files.length;
    const taskQueue = uniqueQueue('digest2');
    const run = async (cfg: typeof config) => {
      const worker = await createTestWorker(temporal.native, taskQueue, createActivities({ clickhouse: store.client, http: createHttpClient(), config: cfg, temporal: temporal.client, taskQueue }));
      return worker.runUntil(temporal.client.workflow.execute<WorkflowFn<'digest'>>(WORKFLOW_TYPES.digest, { taskQueue, workflowId: uniqueQueue('digest2'), args: [{ brand, end: END }] }));
    };
    expect((await run(config)).sent).toEqual(['hook', 'slackhook']);
    // An incoming-webhook Slack route: the figures, no charts (webhooks cannot upload files).
    const slackHook = JSON.parse(slack.requests.find((r) => r.path === '/services/T0/B0/digest')!.body) as { text: string; blocks: unknown[] };
    expect(JSON.stringify(slackHook.blocks)).toContain('20 mentions');
    expect(uploads.files.length).toBe(uploadsBefore);
    const payload = JSON.parse(hooks.requests[before].body);
    expect(payload).toMatchObject({ every: 'daily', mentions: 20, responses: null });
    expect(await run(none)).toEqual({ digestId: `digest-${brand}-20261123T080000Z`, sent: [], failed: [], skipped: true });
    expect(hooks.requests).toHaveLength(before + 1);
  });

  it('a route that keeps failing is retried like an alert route, then given up; the others still get the digest; no URL path recorded', { timeout: 120_000 }, async () => {
    process.env.DIGEST_TEST_HOOK_500 = `${hooks.url}/digest-500/tok-SECRET-500`;
    hooks.handle('/digest-500/tok-SECRET-500', (req) => ({ status: 500, body: `echo ${req.path}` }));
    const file = `/tmp/brand-pulse-digest-${brand}.jsonl`;
    const config = parseConfig(
      `brands: [{ id: ${brand}, name: Nimbus Air, queries: [nimbus] }]
sources: [{ id: hn, type: hackernews }]
digest: { every: daily, routes: [broken, audit] }
alerts:
  routes:
    - { id: broken, type: webhook, url_env: DIGEST_TEST_HOOK_500, secret_env: DIGEST_TEST_SECRET }
    - { id: audit, type: file, path: ${file} }
`,
      'digest3.yaml',
    );
    const taskQueue = uniqueQueue('digest3');
    const worker = await createTestWorker(temporal.native, taskQueue, createActivities({ clickhouse: store.client, http: createHttpClient(), config, temporal: temporal.client, taskQueue }));
    const result = await worker.runUntil(
      temporal.client.workflow.execute<WorkflowFn<'digest'>>(WORKFLOW_TYPES.digest, { taskQueue, workflowId: uniqueQueue('digest3'), args: [{ brand, end: END + 60_000 }] }),
    );
    expect(result).toMatchObject({ sent: ['audit'], failed: ['broken'] });
    expect(hooks.requests.filter((r) => r.path === '/digest-500/tok-SECRET-500')).toHaveLength(5);
    const line = JSON.parse(readFileSync(file, 'utf8').trim().split('\n').pop()!) as { route: string; digest: { mentions: number } };
    expect(line).toMatchObject({ route: 'audit', digest: { mentions: 20 } });
    const rows = await store.rows<{ status: string; detail: string }>(
      "SELECT status, detail FROM alert_deliveries WHERE incident_id = {id:String} AND route_id = 'broken' ORDER BY attempt",
      { id: result.digestId },
    );
    expect(rows.map((r) => r.status)).toEqual(['failed', 'failed', 'failed', 'failed', 'failed']);
    expect(rows[0].detail).toBe(`route "broken": POST ${new URL(hooks.url).host} answered 500`);
    expect(rows.some((r) => r.detail.includes('tok-SECRET'))).toBe(false);
  });
});
