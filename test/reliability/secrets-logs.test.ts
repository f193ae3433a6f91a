// Case 4 of issue 11: no credential in any log, table or history. Every failing-route path runs
// through the incident workflow on the real dev server, with distinctive secret values: Slack
// webhook and bot-token routes that time out, answer 500 (echoing the URL, the body and the token),
// answer 404, or refuse the connection; SMTP refusing the credentials (535) or the connection.
// The worker's Runtime logger collects every line at TRACE and the SDK core's from DEBUG, stdout
// and stderr are captured, and then every log line, every row of every table, the workflow's
// history (payloads decoded) and every message sent to the on-call route are searched for every
// secret, in every form it travels.
import { inspect } from 'node:util';
import { DefaultLogger, type LogEntry } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/index.js';
import { createHttpClient } from '../../lib/sources/http.js';
import { incidentConfig, obs, useIncidentHarness } from '../helpers/incidents.js';
import { closedPort } from '../helpers/recorded-server.js';
import { eventually } from '../helpers/smtp-sink.js';
import { createTestWorker, uniqueQueue } from '../helpers/temporal.js';

/** Everything a value shows when logged or dumped: nested objects to any depth, errors with their causes. */
const dump = (v: unknown) => inspect(v, { depth: Infinity, maxStringLength: Infinity, maxArrayLength: Infinity, breakLength: Infinity });

/** Strings and decoded bytes of a history (payloads are JSON bytes), as one text. */
function historyText(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (v instanceof Uint8Array) out.push(Buffer.from(v).toString('utf8'));
  else if (Array.isArray(v)) v.forEach((x) => historyText(x, out));
  else if (v && typeof v === 'object') Object.values(v).forEach((x) => historyText(x, out));
  return out;
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

describe('no secret in any log line, table row or history', () => {
  /** Log entries as they came (formatted for the search at the end: formatting inside a workflow task would slow it), and raw output. */
  const entries: LogEntry[] = [];
  const lines: string[] = [];
  const logText = () => [...entries.map((e) => `[${e.level}] ${e.message} ${e.meta === undefined ? '' : dump(e.meta)}`), ...lines].join('\n');
  const restore: (() => void)[] = [];
  beforeAll(() => {
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write.bind(stream);
      stream.write = ((chunk: unknown, ...rest: unknown[]) => {
        lines.push(String(chunk));
        return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
      }) as typeof stream.write;
      restore.push(() => (stream.write = write));
    }
  });
  afterAll(() => restore.forEach((r) => r()));
  // The Runtime logger of this process (installed once, first): every line at every level, the SDK core's from DEBUG.
  const h = useIncidentHarness({ smtp: { accepts: () => false }, logger: new DefaultLogger('TRACE', (e: LogEntry) => void entries.push(e)), coreLogs: 'DEBUG' });

  it('every failing route path, with distinctive secrets: none of them appears anywhere', { timeout: 150_000 }, async () => {
    const { slack, smtp, store, temporal } = h;
    const brand = `sec${Date.now().toString(36)}`;
    const refused = await closedPort();
    const env: Record<string, string> = {
      SEC_ACK: 'ack-SECRET-9f3kQ2vR7x',
      SEC_HOOK_TIMEOUT: `${slack.url}/services/T0SECRET/B0SECRET/hook-timeout-K8s2Lm`,
      SEC_HOOK_500: `${slack.url}/services/T0SECRET/B0SECRET/hook-500-K8s2Lm`,
      SEC_HOOK_404: `${slack.url}/services/T0SECRET/B0SECRET/hook-404-K8s2Lm`,
      SEC_HOOK_REFUSED: `http://127.0.0.1:${refused}/services/T0SECRET/B0SECRET/hook-refused-K8s2Lm`,
      SEC_HOOK_ONCALL: `${slack.url}/services/T0ONCALL/B0ONCALL/hook-oncall-K8s2Lm`,
      SEC_BOT_TIMEOUT: 'xoxb-SECRET-timeout-K8s2Lm',
      SEC_BOT_500: 'xoxb-SECRET-500-K8s2Lm',
      SEC_BOT_404: 'xoxb-SECRET-404-K8s2Lm',
      SEC_BOT_REFUSED: 'xoxb-SECRET-refused-K8s2Lm',
      SEC_SMTP_USER: 'alerts-user',
      SEC_SMTP_AUTH: 'smtp-P4ss-auth-K8s2Lm',
      SEC_SMTP_REFUSED: 'smtp-P4ss-refused-K8s2Lm',
      SEC_WEBHOOK_500: `${slack.url}/webhook/wh-500-K8s2Lm?token=wh-tok-500-K8s2Lm`,
      SEC_WEBHOOK_400: `${slack.url}/webhook/wh-400-K8s2Lm?token=wh-tok-400-K8s2Lm`,
      SEC_WEBHOOK_REFUSED: `http://127.0.0.1:${refused}/webhook/wh-refused-K8s2Lm?token=wh-tok-refused-K8s2Lm`,
      SEC_WEBHOOK_SECRET: 'whsec-SECRET-K8s2Lm',
    };
    Object.assign(process.env, env);
    const path = (url: string) => new URL(url).pathname;
    slack.handle(path(env.SEC_HOOK_TIMEOUT), () => ({ hang: true }));
    slack.handle(path(env.SEC_HOOK_500), (req) => ({ status: 500, body: `failed ${req.path} with ${req.body}` }));
    slack.handle(path(env.SEC_HOOK_404), () => ({ status: 404, body: 'no_service' }));
    slack.handle(path(env.SEC_HOOK_ONCALL), () => ({ body: 'ok' }));
    slack.handle(path(env.SEC_WEBHOOK_500), (req) => ({ status: 500, body: `failed ${req.path}?${req.query} ${req.headers['x-brandpulse-signature']}` }));
    slack.handle(path(env.SEC_WEBHOOK_400), (req) => ({ status: 400, body: `bad ${req.path}?${req.query}` }));
    slack.handle('/bot-timeout/chat.postMessage', () => ({ hang: true }));
    slack.handle('/bot-500/chat.postMessage', (req) => ({ status: 500, body: { ok: false, error: `auth ${req.headers.authorization} body ${req.body}` } }));
    slack.handle('/bot-404/chat.postMessage', () => ({ status: 404, body: 'not found' }));
    const hook = (id: string, envName: string) => `    - { id: ${id}, type: slack, webhook_url_env: ${envName} }`;
    const bot = (id: string, envName: string, base: string) => `    - { id: ${id}, type: slack, bot_token_env: ${envName}, channel: C0CARE, api_base_url: "${base}" }`;
    const email = (id: string, port: number, passEnv: string) =>
      `    - { id: ${id}, type: email, to: [care@acme.test], from: alerts@acme.test, smtp: { host: 127.0.0.1, port: ${port}, user_env: SEC_SMTP_USER, password_env: ${passEnv} } }`;
    const webhook = (id: string, urlEnv: string) => `    - { id: ${id}, type: webhook, url_env: ${urlEnv}, secret_env: SEC_WEBHOOK_SECRET }`;
    const failing = ['webhook-500', 'webhook-400', 'webhook-refused', 'hook-timeout', 'hook-500', 'hook-404', 'hook-refused', 'bot-timeout', 'bot-500', 'bot-404', 'bot-refused', 'email-auth', 'email-refused'];
    const config = incidentConfig(
      brand,
      `  routes:
${hook('hook-timeout', 'SEC_HOOK_TIMEOUT')}
${hook('hook-500', 'SEC_HOOK_500')}
${hook('hook-404', 'SEC_HOOK_404')}
${hook('hook-refused', 'SEC_HOOK_REFUSED')}
${hook('slack-oncall', 'SEC_HOOK_ONCALL')}
${bot('bot-timeout', 'SEC_BOT_TIMEOUT', `${slack.url}/bot-timeout`)}
${bot('bot-500', 'SEC_BOT_500', `${slack.url}/bot-500`)}
${bot('bot-404', 'SEC_BOT_404', `${slack.url}/bot-404`)}
${bot('bot-refused', 'SEC_BOT_REFUSED', `http://127.0.0.1:${refused}`)}
${email('email-auth', smtp.port, 'SEC_SMTP_AUTH')}
${email('email-refused', refused, 'SEC_SMTP_REFUSED')}
${webhook('webhook-500', 'SEC_WEBHOOK_500')}
${webhook('webhook-400', 'SEC_WEBHOOK_400')}
${webhook('webhook-refused', 'SEC_WEBHOOK_REFUSED')}
  default_routes: [${failing.join(', ')}]
  escalation_routes: [slack-oncall]`,
      { server: '{ port: 0, public_url: "http://127.0.0.1:1", ack_secret_env: SEC_ACK }' },
    );

    const taskQueue = uniqueQueue('secrets-logs');
    const deps = { clickhouse: store.client, http: createHttpClient(), config, temporal: temporal.client, taskQueue };
    const worker = await createTestWorker(temporal.native, taskQueue, createActivities(deps));
    const attemptsOf = async () => {
      const rows = await store.rows<{ route_id: string; failed: string }>(
        "SELECT route_id, countIf(status = 'failed') AS failed FROM alert_deliveries WHERE brand = {b:String} GROUP BY route_id",
        { b: brand },
      );
      return new Map(rows.map((r) => [r.route_id, Number(r.failed)]));
    };
    const oncall = () => slack.requests.filter((r) => r.path === path(env.SEC_HOOK_ONCALL));
    const handle = await worker.runUntil(async () => {
      const handle = await h.open(deps, brand, { observations: [obs(-5, 1, false), obs(0, 20, true)] });
      // Until every route has failed (the timeouts twice, the others retried meanwhile) and the
      // routes that are not retried (the 404s, the 535) were announced on on-call. (Giving up after
      // the retries is the same path with another reason: routes-undeliverable.test.ts.)
      let seen = new Map<string, number>();
      const deadline = Date.now() + 90_000;
      while (!(failing.every((r) => (seen.get(r) ?? 0) >= 1) && (seen.get('hook-timeout') ?? 0) >= 2 && (seen.get('bot-timeout') ?? 0) >= 2 && (seen.get('webhook-500') ?? 0) >= 2 && oncall().length >= 4)) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for the failures: ${JSON.stringify([...seen])}, ${oncall().length} notices`);
        await new Promise((r) => setTimeout(r, 500));
        seen = await attemptsOf();
      }
      await handle.terminate('secrets test done');
      return handle;
    });
    await eventually(() => entries.some((e) => e.message === 'Activity failed'), 10_000, 'the SDK warning');

    // Where secrets could end up: logs, every table, the history, and what the on-call route was sent.
    const tables = await store.rows<{ name: string }>("SELECT name FROM system.tables WHERE database = currentDatabase() AND engine NOT LIKE '%View%'");
    const tableText: string[] = [];
    for (const { name } of tables) {
      for (const row of await store.rows<Record<string, unknown>>(`SELECT * FROM ${name}`)) tableText.push(`${name}: ${Object.values(row).map(String).join('\t')}`);
    }
    const history = historyText(await handle.fetchHistory()).join('\n');
    const places = { logs: logText(), tables: tableText.join('\n'), history, 'on-call messages': oncall().map((r) => r.body).join('\n') };

    // The search looked at the right things: the failures are there, described without secrets.
    const host = new URL(slack.url).host;
    expect(places.logs).toContain('Activity failed');
    expect(entries.some((e) => e.meta?.sdkComponent === 'core')).toBe(true);
    expect(places.logs).toContain(`route "hook-timeout": POST ${host} timed out after 10 s`);
    expect(places.logs).toContain(`route "bot-500": POST ${host} answered 500`);
    expect(places.tables).toContain(`route "email-auth": SMTP 127.0.0.1:${smtp.port} at AUTH PLAIN rejected the credentials (535)`);
    expect(places.tables).toContain(`route "email-refused": SMTP 127.0.0.1:${refused} at CONN connection refused`);
    expect(places.history).toContain(`route "hook-404": POST ${host} answered 404 no_service (the webhook is not valid)`);
    expect(places['on-call messages']).toContain('Alert route \\"hook-404\\"');
    expect(places.history).toContain(`route "webhook-400": POST ${host} answered 400 (the alert was refused)`);
    expect(places['on-call messages']).toContain('Alert route \\"webhook-400\\"');
    expect(places.tables).toContain(`route "webhook-500": POST ${host} answered 500`);
    expect(places.tables).toContain(`route "webhook-refused": POST 127.0.0.1:${refused} connection refused`);

    const secrets = Object.entries(env)
      .filter(([k]) => k !== 'SEC_SMTP_USER')
      .flatMap(([k, v]) => (v.startsWith('http') ? [[k, v], [`${k} path`, path(v)]] : [[k, v]]));
    for (const pass of [env.SEC_SMTP_AUTH, env.SEC_SMTP_REFUSED]) {
      secrets.push(['SMTP password, base64', b64(pass)], ['SMTP AUTH PLAIN', b64(`\u0000${env.SEC_SMTP_USER}\u0000${pass}`)]);
    }
    const found = Object.entries(places).flatMap(([where, text]) => secrets.filter(([, s]) => text.includes(s)).map(([what]) => `${what} in ${where}`));
    expect(found).toEqual([]);
  });
});
