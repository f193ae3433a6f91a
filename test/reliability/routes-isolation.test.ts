// Case 2 of issue 11: one hanging route must not freeze the incident for the others. A Slack
// webhook that hangs (its first two requests get no answer, each ended by the transport timeout)
// beside a real SMTP server and a file route, on the real Temporal dev server: email and file get
// the open, both updates and the resolve while Slack is still stuck on the open; Slack then gets
// the open, the newest update (the older one coalesced into it) and the resolve, in order.
import { describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/index.js';
import { createHttpClient } from '../../lib/sources/http.js';
import { alertsFile, incidentConfig, obs, useIncidentHarness } from '../helpers/incidents.js';
import { eventually } from '../helpers/smtp-sink.js';
import { createTestWorker, uniqueQueue } from '../helpers/temporal.js';

describe('a hanging route holds up no other route, and loses no update', () => {
  const h = useIncidentHarness();

  it('email and file get open, updates and resolve while Slack hangs; Slack then gets open, the newest update and resolve', async () => {
    const { slack, smtp, store, temporal } = h;
    const brand = `iso${Date.now().toString(36)}`;
    const file = alertsFile();
    process.env.ISO_SLACK_HOOK = `${slack.url}/hooks/hanging`;
    const config = incidentConfig(
      brand,
      `  routes:
    - { id: slack-main, type: slack, webhook_url_env: ISO_SLACK_HOOK }
    - { id: email-care, type: email, to: [care@acme.test], from: alerts@acme.test, smtp: { host: 127.0.0.1, port: ${smtp.port} } }
    - { id: file-log, type: file, path: ${JSON.stringify(file.path)} }
  default_routes: [slack-main, email-care, file-log]`,
    );
    // The first two requests hang until the client gives up; from the third on, Slack answers.
    slack.enqueue('/hooks/hanging', { hang: true }, { hang: true });
    slack.handle('/hooks/hanging', () => ({ body: 'ok' }));
    const slackAnswered = () => slack.requests.slice(2).map((r) => JSON.parse(r.body).text as string);
    /** Subjects, unfolded (long header lines are folded onto the next). */
    const mailSubjects = () => smtp.mails.map((m) => (/^Subject: (.*(?:\r?\n[ \t].*)*)/m.exec(m.raw)?.[1] ?? '').replace(/\r?\n[ \t]+/g, ' '));
    const fileKinds = file.kinds;

    const taskQueue = uniqueQueue('routes-isolation');
    const deps = { clickhouse: store.client, http: createHttpClient(), config, temporal: temporal.client, taskQueue };
    const worker = await createTestWorker(temporal.native, taskQueue, createActivities(deps));
    const latency: Record<string, number> = {};
    /** Signals, then waits until email and file both hold `n` alerts; notes how long that took. */
    const step = async (name: string, n: number, send: () => Promise<unknown>) => {
      const at = Date.now();
      await send();
      await eventually(() => smtp.mails.length === n && fileKinds().length === n, 30_000, `${name} on email and file`);
      latency[name] = Date.now() - at;
    };

    await worker.runUntil(async () => {
      const started = Date.now();
      await step('open', 1, () => h.open(deps, brand, { observations: [obs(-5, 1, false), obs(0, 20, true)] }));
      await step('update 40', 2, () => h.signal(brand, { observations: [obs(5, 30, true), obs(10, 40, true)] }));
      await step('update 60', 3, () => h.signal(brand, { observations: [obs(15, 50, true), obs(20, 60, true)] }));
      await step('resolve', 4, () => h.signal(brand, { observations: [obs(25, 3, false), obs(30, 2, false), obs(35, 1, false)] }));
      // All four went out while Slack had not answered once: its open was still hanging.
      expect(slackAnswered()).toEqual([]);
      expect(slack.requests.length).toBeGreaterThanOrEqual(1);
      expect(mailSubjects()).toEqual([
        expect.stringContaining('[medium] Acme Cloud: Negative chatter about Acme Cloud is spreading: 20 negative mentions'),
        expect.stringContaining('[medium] Acme Cloud: Still growing for Acme Cloud: 40 negative mentions'),
        expect.stringContaining('[high] Acme Cloud: Still growing for Acme Cloud: 60 negative mentions'),
        expect.stringContaining('[resolved] Acme Cloud: Resolved: negative chatter about Acme Cloud'),
      ]);
      expect(fileKinds()).toEqual(['open', 'update', 'update', 'resolve']);

      // Slack recovers: the open, then the newest state (the update of 40 coalesced into 60), then the resolve.
      await eventually(() => slackAnswered().length === 3, 60_000, 'Slack catching up');
      const slackCaughtUp = Date.now() - started;
      expect(slackAnswered()).toEqual([
        expect.stringContaining('is spreading: 20 negative mentions'),
        expect.stringContaining('Still growing for Acme Cloud: 60 negative mentions'),
        expect.stringContaining('Resolved: negative chatter about Acme Cloud'),
      ]);
      await h.signal(brand, { observations: [obs(75, 1, false)] }); // past the cooldown: the run ends
      const final = await h.result(brand);
      expect(final.status).toBe('resolved');
      expect(final.alertsSent.filter((a) => a.routeId === 'slack-main')).toEqual([
        { kind: 'open', routeId: 'slack-main', ok: true },
        { kind: 'update', routeId: 'slack-main', ok: true },
        { kind: 'resolve', routeId: 'slack-main', ok: true },
      ]);
      console.info(
        `[routes-isolation] email and file, after the signal: ${Object.entries(latency)
          .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`)
          .join(', ')}; Slack (hung twice) caught up ${(slackCaughtUp / 1000).toFixed(1)} s after the open`,
      );
    });

    const rows = await store.rows<{ route_id: string; kind: string; status: string; attempt: number; detail: string }>(
      'SELECT route_id, kind, status, attempt, detail FROM alert_deliveries WHERE brand = {b:String} ORDER BY attempted_at',
      { b: brand },
    );
    const slackRows = rows.filter((r) => r.route_id === 'slack-main');
    expect(slackRows.map((r) => `${r.kind}:${r.status}`)).toEqual(['open:failed', 'open:failed', 'open:sent', 'update:sent', 'resolve:sent']);
    expect(slackRows[0]!.detail).toBe(`route "slack-main": POST ${new URL(slack.url).host} timed out after 10 s`);
    expect(rows.filter((r) => r.route_id === 'email-care').map((r) => `${r.kind}:${r.status}`)).toEqual(['open:sent', 'update:sent', 'update:sent', 'resolve:sent']);
    expect(rows.filter((r) => r.status === 'undeliverable')).toEqual([]);
  });
});
