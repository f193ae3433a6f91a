// Case 2 of issue 11, the routes that cannot deliver: an SMTP server refusing the credentials (535)
// is tried once per alert, not once per retry; a Slack webhook that is gone (404) once per alert;
// a Slack that answers 500 is retried, then given up. Each is recorded as undeliverable and
// announced once on the escalation route, while the healthy route gets every alert.
import { describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/index.js';
import { DELIVERY_ACTIVITY } from '../../lib/alerts/delivery-policy.js';
import { createHttpClient } from '../../lib/sources/http.js';
import { alertsFile, incidentConfig, obs, useIncidentHarness } from '../helpers/incidents.js';
import { eventually } from '../helpers/smtp-sink.js';
import { createTestWorker, uniqueQueue } from '../helpers/temporal.js';

describe('routes that cannot deliver are tried as often as it can help, recorded and announced', () => {
  const h = useIncidentHarness({ smtp: { accepts: () => false } });

  it('SMTP 535 once per alert, a gone webhook once, a failing one after its retries; each announced once on on-call', async () => {
    const { slack, smtp, store, temporal } = h;
    const brand = `und${Date.now().toString(36)}`;
    const file = alertsFile();
    process.env.UND_SMTP_USER = 'alerts';
    process.env.UND_SMTP_PASSWORD = 'wrong-password';
    process.env.UND_HOOK_GONE = `${slack.url}/hooks/gone`;
    process.env.UND_HOOK_DOWN = `${slack.url}/hooks/down`;
    process.env.UND_HOOK_ONCALL = `${slack.url}/hooks/oncall`;
    const config = incidentConfig(
      brand,
      `  routes:
    - id: email-bad
      type: email
      to: [care@acme.test]
      from: alerts@acme.test
      smtp: { host: 127.0.0.1, port: ${smtp.port}, user_env: UND_SMTP_USER, password_env: UND_SMTP_PASSWORD }
    - { id: slack-gone, type: slack, webhook_url_env: UND_HOOK_GONE }
    - { id: slack-down, type: slack, webhook_url_env: UND_HOOK_DOWN }
    - { id: file-log, type: file, path: ${JSON.stringify(file.path)} }
    - { id: slack-oncall, type: slack, webhook_url_env: UND_HOOK_ONCALL }
  default_routes: [email-bad, slack-gone, slack-down, file-log]
  escalation_routes: [slack-oncall]`,
    );
    const attempts = DELIVERY_ACTIVITY.retry.maximumAttempts;
    slack.handle('/hooks/gone', () => ({ status: 404, body: 'no_service' }));
    // 500 for every attempt at the open; the resolve goes through.
    slack.enqueue('/hooks/down', ...Array.from({ length: attempts }, () => ({ status: 500, body: 'internal_error' })));
    slack.handle('/hooks/down', () => ({ body: 'ok' }));
    slack.handle('/hooks/oncall', () => ({ body: 'ok' }));
    const requests = (p: string) => slack.requests.filter((r) => r.path === p).map((r) => JSON.parse(r.body).text as string);
    const fileKinds = file.kinds;

    const taskQueue = uniqueQueue('routes-undeliverable');
    const deps = { clickhouse: store.client, http: createHttpClient(), config, temporal: temporal.client, taskQueue };
    const worker = await createTestWorker(temporal.native, taskQueue, createActivities(deps));

    await worker.runUntil(async () => {
      await h.open(deps, brand, { observations: [obs(-5, 1, false), obs(0, 20, true)] });
      // The routes that retrying cannot help are announced at once; the file route has the open.
      await eventually(() => requests('/hooks/oncall').length === 2 && fileKinds().length === 1, 30_000, 'notices of the two dead routes');
      const notices = requests('/hooks/oncall');
      expect(notices).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^:warning: Alert route "email-bad" is not getting Acme Cloud's incident alerts through: it gave up on the open alert \(not retried: route "email-bad": SMTP 127\.0\.0\.1:\d+ at AUTH PLAIN rejected the credentials \(535\)\)$/),
          expect.stringMatching(/^:warning: Alert route "slack-gone" .* \(not retried: route "slack-gone": POST 127\.0\.0\.1:\d+ answered 404 no_service \(the webhook is not valid\)\)$/),
        ]),
      );
      expect(smtp.logins).toHaveLength(1);
      expect(requests('/hooks/gone')).toHaveLength(1);

      // The resolve reaches the file route while slack-down is still retrying the open.
      await h.signal(brand, { observations: [obs(5, 3, false), obs(10, 2, false), obs(15, 1, false)] });
      await eventually(() => fileKinds().length === 2, 30_000, 'resolve on the file route');
      expect(requests('/hooks/down').length).toBeLessThan(attempts + 1);

      // slack-down gives up on the open after its retries, is announced, then delivers the resolve.
      await eventually(() => requests('/hooks/oncall').length === 3 && requests('/hooks/down').length === attempts + 1, 90_000, 'slack-down giving up, then the resolve');
      expect(requests('/hooks/oncall')[2]).toMatch(
        new RegExp(`^:warning: Alert route "slack-down" .* it gave up on the open alert \\(after ${attempts} attempts: route "slack-down": POST 127\\.0\\.0\\.1:\\d+ answered 500 internal_error\\)$`),
      );
      expect(requests('/hooks/down').at(-1)).toContain('Resolved: negative chatter about Acme Cloud');
      await h.signal(brand, { observations: [obs(60, 1, false)] }); // past the cooldown: the run ends
      const final = await h.result(brand);
      expect(final.status).toBe('resolved');
    });

    // SMTP 535 and the gone webhook: one attempt per alert (open, resolve), each alert given up; the
    // second is not announced again. On-call got one notice per route, nothing else.
    expect(smtp.logins).toEqual([
      { user: 'alerts', accepted: false },
      { user: 'alerts', accepted: false },
    ]);
    expect(requests('/hooks/gone')).toHaveLength(2);
    expect(requests('/hooks/oncall')).toHaveLength(3);
    const rows = await store.rows<{ route_id: string; kind: string; status: string; detail: string }>(
      'SELECT route_id, kind, status, detail FROM alert_deliveries WHERE brand = {b:String} ORDER BY attempted_at',
      { b: brand },
    );
    const of = (route: string) => rows.filter((r) => r.route_id === route).map((r) => `${r.kind}:${r.status}`);
    expect(of('email-bad')).toEqual(['open:failed', 'open:undeliverable', 'resolve:failed', 'resolve:undeliverable']);
    expect(of('slack-gone')).toEqual(['open:failed', 'open:undeliverable', 'resolve:failed', 'resolve:undeliverable']);
    expect(of('slack-down')).toEqual([...Array(attempts).fill('open:failed'), 'open:undeliverable', 'resolve:sent']);
    expect(of('file-log')).toEqual(['open:sent', 'resolve:sent']);
    expect(of('slack-oncall')).toEqual(['undeliverable:sent', 'undeliverable:sent', 'undeliverable:sent']);
    const gaveUp = rows.find((r) => r.route_id === 'slack-down' && r.status === 'undeliverable')!;
    expect(gaveUp.detail).toMatch(new RegExp(`^after ${attempts} attempts: route "slack-down": POST 127\\.0\\.0\\.1:\\d+ answered 500 internal_error$`));
  });
});
