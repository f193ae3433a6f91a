// An incident driven through open -> update -> escalate -> acknowledge (by the signed link
// from the alert) -> resolve -> cooldown on the real Temporal dev server, delivering to a real
// local Slack-webhook receiver and a real local SMTP server, asserting every message.
import axios from 'axios';
import { describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/index.js';
import { parseConfig } from '../../lib/config/load.js';
import { createHttpClient } from '../../lib/sources/http.js';
import { incidentStateQuery } from '../../lib/contract/incident.js';
import { startHttpEndpoint } from '../../lib/endpoints/action-endpoint.js';
import { incidentChart } from '../../lib/pipeline/incident-chart.js';
import { incidentTimes } from '../../lib/store/incident-lookup.js';
import { maybeSaveHistory } from '../helpers/histories.js';
import { obs, useIncidentHarness } from '../helpers/incidents.js';
import { eventually } from '../helpers/smtp-sink.js';
import { createTestWorker, uniqueQueue } from '../helpers/temporal.js';

describe('incident workflow on a real Temporal server with real Slack and SMTP receivers', () => {
  const h = useIncidentHarness();

  it('opens, updates, escalates, is acknowledged through its link, resolves, and records every delivery', async () => {
    const { slack, smtp, store, temporal } = h;
    const brand = `acme${Date.now().toString(36)}`;
    process.env.TEST_SLACK_MAIN = `${slack.url}/hooks/main`;
    process.env.TEST_SLACK_ONCALL = `${slack.url}/hooks/oncall`;
    process.env.TEST_ACK_SECRET = 'test-ack-secret';
    process.env.TEST_SLACK_BOT_TOKEN = 'xoxb-test';
    let botTs = 1000;
    slack.handle('/api/chat.postMessage', () => ({ body: { ok: true, channel: 'C0CARE', ts: `1795300000.${++botTs}` } }));
    const slackBot = () => slack.requests.filter((r) => r.path === '/api/chat.postMessage');
    const config = parseConfig(
      `server: { port: 0, public_url: "http://127.0.0.1:1", ack_secret_env: TEST_ACK_SECRET }
brands:
  - id: ${brand}
    name: Acme Cloud
    queries: [acme]
sources:
  - { id: unused, type: hackernews }
detection:
  bucket: 5m
  resolve_after: 15m
  cooldown: 30m
  update_every: 10m
  escalate_after: 10m
  clock: stream
alerts:
  routes:
    - { id: slack-main, type: slack, webhook_url_env: TEST_SLACK_MAIN }
    - { id: slack-oncall, type: slack, webhook_url_env: TEST_SLACK_ONCALL }
    - { id: slack-bot, type: slack, bot_token_env: TEST_SLACK_BOT_TOKEN, channel: C0CARE, api_base_url: "${slack.url}/api" }
    - id: email-care
      type: email
      to: [care@acme.test]
      from: brand-pulse <alerts@acme.test>
      smtp: { host: 127.0.0.1, port: ${smtp.port} }
  default_routes: [slack-main, email-care, slack-bot]
  escalation_routes: [slack-oncall]
`,
      'test.yaml',
    );
    // The first request to the main hook is answered 500 (and retried): messages are the ones after it.
    const slackMainAll = () => slack.requests.filter((r) => r.path === '/hooks/main').map((r) => JSON.parse(r.body));
    const slackMain = () => slackMainAll().slice(1);
    const slackOncall = () => slack.requests.filter((r) => r.path === '/hooks/oncall').map((r) => JSON.parse(r.body));
    slack.enqueue('/hooks/main', { status: 500, body: 'slack is having a bad day' }); // first attempt fails, the retry succeeds
    slack.handle('/hooks/main', () => ({ body: 'ok' }));
    slack.handle('/hooks/oncall', () => ({ body: 'ok' }));

    const taskQueue = uniqueQueue('incident');
    const deps = { clickhouse: store.client, http: createHttpClient(), config, temporal: temporal.client, taskQueue };
    const worker = await createTestWorker(temporal.native, taskQueue, createActivities(deps));
    const endpoint = await startHttpEndpoint({
      client: temporal.client,
      port: 0,
      host: '127.0.0.1',
      ackSecret: 'test-ack-secret',
      chart: async (b, id) => {
        const times = await incidentTimes(store.client, b, id);
        return times ? incidentChart({ clickhouse: store.client, config }, { ...times, brandName: 'Acme Cloud' }) : undefined;
      },
    });
    const signal = (batch: Parameters<typeof h.signal>[1]) => h.signal(brand, batch);

    await worker.runUntil(async () => {
      const evidence = {
        platforms: ['reddit', 'x'],
        languages: ['ar', 'en'],
        phrases: [{ phrase: 'lost luggage', count: 12 }],
        samples: [{ text: 'Acme lost my data and nobody answers. Refund now!', url: 'https://x.example/1', author: 'jo', platform: 'x', lang: 'en', reach: 5400 }],
      };
      const handle = await h.open(deps, brand, { observations: [obs(-5, 1, false), obs(0, 20, true)], evidence });

      // Open: Slack (after one failed attempt, retried) and email, with the chart attached to the email.
      await eventually(() => slackMain().length === 1 && smtp.mails.length === 1, 30_000, 'open alerts');
      const open = slackMain()[0];
      expect(slackMainAll()[0].text).toBe(open.text); // the failed attempt was the same message
      expect(open.text).toContain('Negative chatter about Acme Cloud is spreading: 20 negative mentions per 5 min');
      const blocksText = JSON.stringify(open.blocks);
      expect(blocksText).toContain('lost luggage');
      expect(blocksText).toContain('https://x.example/1');
      expect(blocksText).toContain('Acknowledge');
      expect(smtp.mails[0].to).toEqual(['care@acme.test']);
      expect(smtp.mails[0].raw).toMatch(/Subject: \[medium\] Acme Cloud: Negative chatter/);
      expect(smtp.mails[0].raw).toContain('Content-Type: image/png');

      // The Slack image block links the chart through a signed URL served by the worker endpoint.
      const image = (open.blocks as { type: string; image_url?: string }[]).find((b) => b.type === 'image');
      expect(image?.image_url).toMatch(/^http:\/\/127\.0\.0\.1:1\/chart\?brand=/);
      const chart = await axios.get(image!.image_url!.replace('http://127.0.0.1:1', endpoint.url), { responseType: 'arraybuffer', validateStatus: () => true });
      expect(chart.status).toBe(200);
      expect(chart.headers['content-type']).toBe('image/png');
      expect(Buffer.from(chart.data).subarray(1, 4).toString()).toBe('PNG');

      // Grows within the update interval: no message yet.
      await signal({ observations: [obs(5, 30, true)] });
      // Ten minutes after opening, unacknowledged and still growing: escalation to on-call.
      await signal({ observations: [obs(10, 40, true)] });
      await eventually(() => slackOncall().length === 1, 30_000, 'escalation');
      expect(slackOncall()[0].text).toContain('ESCALATION');
      expect(slackMain()).toHaveLength(1);
      // Another ten minutes of growth: one update on the main routes.
      await signal({ observations: [obs(15, 50, true)] });
      await signal({ observations: [obs(20, 60, true)] });
      await eventually(() => slackMain().length === 2 && smtp.mails.length === 2, 30_000, 'update');
      expect(slackMain()[1].text).toContain('Still growing for Acme Cloud: 60 negative mentions');

      // Acknowledge through the signed link carried by the alert (pointed at the test endpoint).
      const ackButton = JSON.stringify(open.blocks).match(/"url":"(http:\/\/127\.0\.0\.1:1\/ack\?[^"]+)"/);
      expect(ackButton).not.toBeNull();
      const link = ackButton![1].replace('http://127.0.0.1:1', endpoint.url);
      const forged = await axios.get(link.replace(/sig=[^&]+/, 'sig=forged'), { validateStatus: () => true });
      expect(forged.status).toBe(403);
      const ack = await axios.get(link, { validateStatus: () => true });
      expect(ack.status).toBe(200);
      await eventually(() => slackMain().length === 3, 30_000, 'acknowledgement notice');
      expect(slackMain()[2].text).toContain('acknowledged by alert link');

      // A repeated delivery of an old observation changes nothing; then back at baseline for 15 minutes.
      await signal({ observations: [obs(20, 60, true)] });
      await signal({ observations: [obs(25, 3, false), obs(30, 2, false), obs(35, 1, false)] });
      await eventually(() => slackMain().length === 4 && slackOncall().length === 2, 30_000, 'resolution');
      expect(slackMain()[3].text).toContain('Resolved: negative chatter about Acme Cloud is back at baseline (peak was 60 per 5 min)');
      expect(slackOncall()[1].text).toContain('Resolved');

      // Cooldown: a new spike within it opens nothing; once past it, the workflow ends.
      let status = '';
      for (let i = 0; i < 100 && status !== 'cooldown'; i++) {
        status = (await handle.query(incidentStateQuery)).status;
        if (status !== 'cooldown') await new Promise((r) => setTimeout(r, 100));
      }
      expect(status).toBe('cooldown');
      await signal({ observations: [obs(45, 70, true)] });
      const during = await handle.query(incidentStateQuery);
      expect(during).toMatchObject({ status: 'cooldown', peakNegative: 60 });
      await signal({ observations: [obs(75, 1, false)] });
      const final = await handle.result();
      expect(final).toMatchObject({ status: 'resolved', peakNegative: 60, acknowledgedBy: 'alert link', severity: 'high' });
      expect(slackMain()).toHaveLength(4);
      // The bot-token route posted the same four messages, threading all but the first under it.
      const bot = slackBot();
      expect(bot.map((r) => r.headers.authorization)).toEqual(Array(4).fill('Bearer xoxb-test'));
      const botBodies = bot.map((r) => JSON.parse(r.body));
      expect(botBodies[0]).toMatchObject({ channel: 'C0CARE' });
      expect(botBodies[0].thread_ts).toBeUndefined();
      expect(botBodies.slice(1).map((b) => b.thread_ts)).toEqual(['1795300000.1001', '1795300000.1001', '1795300000.1001']);
      // incident.json is a run from before the route-lanes patch (the old delivery path), kept for replay.
      await maybeSaveHistory(handle, 'incident-2');
    });
    await endpoint.close();

    const [incident] = await store.rows<{ status: string; acknowledged_by: string; escalated_at: string; resolved_at: string; peak_negative: string }>(
      'SELECT status, acknowledged_by, escalated_at, resolved_at, peak_negative FROM incidents FINAL WHERE brand = {b:String}',
      { b: brand },
    );
    expect(incident).toMatchObject({ status: 'resolved', acknowledged_by: 'alert link' });
    expect(Number(incident.peak_negative)).toBe(60);
    expect(incident.escalated_at).not.toMatch(/^1970/);
    const deliveries = await store.rows<{ kind: string; route_id: string; status: string }>(
      'SELECT kind, route_id, status FROM alert_deliveries WHERE brand = {b:String} ORDER BY attempted_at',
      { b: brand },
    );
    const summary = deliveries.map((d) => `${d.kind}:${d.route_id}:${d.status}`);
    expect(summary).toContain('open:slack-main:failed');
    for (const expected of ['open:slack-bot:sent', 'resolve:slack-bot:sent', 'open:slack-main:sent', 'open:email-care:sent', 'escalate:slack-oncall:sent', 'update:slack-main:sent', 'update:email-care:sent', 'acknowledged:slack-main:sent', 'resolve:slack-main:sent', 'resolve:email-care:sent', 'resolve:slack-oncall:sent']) {
      expect(summary).toContain(expected);
    }
  });
});
