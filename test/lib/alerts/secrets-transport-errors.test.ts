// Every failing transport path of every channel, against real local receivers, with distinctive
// secret values: the error a channel throws says the method, the host, the status or the reason,
// and whether a retry can help; nothing in it (message, properties, stack, cause) holds a secret.
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertRejectedError, RouteConfigError, type RouteOf } from '../../../lib/alerts/channel.js';
import { routeSecrets, sendToRoute } from '../../../lib/alerts/channels.js';
import { TRANSPORT_TIMEOUT_MS } from '../../../lib/alerts/delivery-policy.js';
import { redactSecrets, smtpFailure } from '../../../lib/alerts/transport-error.js';
import { closedPort, startRecordedServer, type RecordedServer } from '../../helpers/recorded-server.js';
import { alert } from './alert-fixture.js';
import { startSmtpSink, type SmtpSink } from '../../helpers/smtp-sink.js';

/** Everything an error object can show a logger: message, stack, own and hidden properties, causes. */
const everything = (e: unknown) => inspect(e, { depth: Infinity, showHidden: true, maxStringLength: Infinity, maxArrayLength: Infinity });

const slackRoute = (id: string, env: Partial<Pick<RouteOf<'slack'>, 'webhook_url_env' | 'bot_token_env' | 'api_base_url'>>): RouteOf<'slack'> => ({
  id,
  type: 'slack',
  api_base_url: 'https://slack.com/api',
  ...(env.bot_token_env ? { channel: 'C0CARE' } : {}),
  ...env,
});

describe('channel errors carry no secret', () => {
  let server: RecordedServer;
  let smtp: SmtpSink;
  let refused: number;
  const env: NodeJS.ProcessEnv = {};
  const secrets: string[] = [];
  /** A distinctive secret value, remembered for the final check. */
  const secret = (value: string) => (secrets.push(value), value);

  beforeAll(async () => {
    server = await startRecordedServer();
    smtp = await startSmtpSink({ accepts: () => false });
    refused = await closedPort();
  });
  afterAll(async () => {
    await server.close();
    await smtp.close();
  });

  /** Sends and returns what was thrown, checking it carries none of the route's secrets in any form. */
  const failure = async (route: Parameters<typeof sendToRoute>[0]) => {
    const err = await sendToRoute(route, alert, { env }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err, `${route.id} should fail`).toBeInstanceOf(Error);
    const shown = everything(err);
    for (const s of [...secrets, ...routeSecrets(route, env)]) expect(shown, `${route.id} leaks ${s}`).not.toContain(s);
    return err as Error;
  };

  it('Slack webhook: 500 echoing the request, 404, a dead hook, connection refused', async () => {
    const host = new URL(server.url).host;
    const hook = (name: string) => secret(`${server.url}/services/T0SECRET/B0SECRET/hook-${name}-Zq81xY`);
    env.HOOK_500 = hook('500');
    env.HOOK_404 = hook('404');
    env.HOOK_DEAD = hook('dead');
    env.HOOK_REFUSED = secret(`http://127.0.0.1:${refused}/services/T0SECRET/B0SECRET/hook-refused-Zq81xY`);
    server.handle(new URL(env.HOOK_500).pathname, (req) => ({ status: 500, body: `upstream failed on ${req.path}: ${req.body}` }));
    server.handle(new URL(env.HOOK_404).pathname, () => ({ status: 404, body: 'no_service' }));
    server.handle(new URL(env.HOOK_DEAD).pathname, () => ({ status: 400, body: 'invalid_token' }));

    const e500 = await failure(slackRoute('hook-500', { webhook_url_env: 'HOOK_500' }));
    expect(e500).not.toBeInstanceOf(RouteConfigError);
    expect(e500).not.toBeInstanceOf(AlertRejectedError);
    expect(e500.message).toBe(`route "hook-500": POST ${host} answered 500`);
    const e404 = await failure(slackRoute('hook-404', { webhook_url_env: 'HOOK_404' }));
    expect(e404).toBeInstanceOf(RouteConfigError);
    expect(e404.message).toBe(`route "hook-404": POST ${host} answered 404 no_service (the webhook is not valid)`);
    expect(await failure(slackRoute('hook-dead', { webhook_url_env: 'HOOK_DEAD' }))).toBeInstanceOf(RouteConfigError);
    const eRefused = await failure(slackRoute('hook-refused', { webhook_url_env: 'HOOK_REFUSED' }));
    expect(eRefused.message).toBe(`route "hook-refused": POST 127.0.0.1:${refused} connection refused`);
    expect(eRefused).not.toBeInstanceOf(RouteConfigError);
  });

  it('Slack bot token: 500 echoing the token, 404, ok:false codes, connection refused', async () => {
    const host = new URL(server.url).host;
    for (const name of ['500', '404', 'auth', 'blocks', 'refused']) env[`BOT_${name.toUpperCase()}`] = secret(`xoxb-SECRET-${name}-Zq81xY`);
    server.handle('/bot-500/api/chat.postMessage', (req) => ({ status: 500, body: { ok: false, error: `bad ${req.headers.authorization}` } }));
    server.handle('/bot-404/api/chat.postMessage', () => ({ status: 404, body: 'not found' }));
    server.handle('/bot-auth/api/chat.postMessage', () => ({ body: { ok: false, error: 'invalid_auth' } }));
    server.handle('/bot-blocks/api/chat.postMessage', () => ({ body: { ok: false, error: 'invalid_blocks' } }));
    const bot = (name: string, base = `${server.url}/bot-${name}/api`) => slackRoute(`bot-${name}`, { bot_token_env: `BOT_${name.toUpperCase()}`, api_base_url: base });

    const e500 = await failure(bot('500'));
    expect(e500.message).toBe(`route "bot-500": POST ${host} answered 500`);
    expect(e500).not.toBeInstanceOf(RouteConfigError);
    expect(await failure(bot('404'))).toBeInstanceOf(RouteConfigError);
    const auth = await failure(bot('auth'));
    expect(auth).toBeInstanceOf(RouteConfigError);
    expect(auth.message).toBe('route "bot-auth": Slack refused the message (invalid_auth)');
    expect(await failure(bot('blocks'))).toBeInstanceOf(AlertRejectedError);
    const eRefused = await failure(bot('refused', `http://127.0.0.1:${refused}/api`));
    expect(eRefused.message).toBe(`route "bot-refused": POST 127.0.0.1:${refused} connection refused`);
  });

  it(
    'Slack webhook and bot token: a receiver that never answers times out after the transport timeout',
    async () => {
      const host = new URL(server.url).host;
      env.HOOK_HANG = secret(`${server.url}/services/T0SECRET/B0SECRET/hook-hang-Zq81xY`);
      env.BOT_HANG = secret('xoxb-SECRET-hang-Zq81xY');
      server.handle(new URL(env.HOOK_HANG).pathname, () => ({ hang: true }));
      server.handle('/bot-hang/api/chat.postMessage', () => ({ hang: true }));
      const [hook, bot] = await Promise.all([
        failure(slackRoute('hook-hang', { webhook_url_env: 'HOOK_HANG' })),
        failure(slackRoute('bot-hang', { bot_token_env: 'BOT_HANG', api_base_url: `${server.url}/bot-hang/api` })),
      ]);
      expect(hook.message).toBe(`route "hook-hang": POST ${host} timed out after ${TRANSPORT_TIMEOUT_MS / 1000} s`);
      expect(bot.message).toBe(`route "bot-hang": POST ${host} timed out after ${TRANSPORT_TIMEOUT_MS / 1000} s`);
      expect(hook).not.toBeInstanceOf(RouteConfigError);
    },
    TRANSPORT_TIMEOUT_MS * 3,
  );

  it('SMTP: rejected credentials are tried once and not retryable; connection refused is retryable', async () => {
    env.SMTP_USER = 'alerts-user';
    env.SMTP_PASS = secret('smtp-P4ss-SECRET-Zq81xY');
    const email = (id: string, port: number): RouteOf<'email'> => ({
      id,
      type: 'email',
      to: ['care@acme.test'],
      from: 'alerts@acme.test',
      smtp: { host: '127.0.0.1', port, secure: false, user_env: 'SMTP_USER', password_env: 'SMTP_PASS' },
    });
    const auth = await failure(email('email-auth', smtp.port));
    expect(auth).toBeInstanceOf(RouteConfigError);
    expect(auth.message).toBe(`route "email-auth": SMTP 127.0.0.1:${smtp.port} at AUTH PLAIN rejected the credentials (535)`);
    expect(smtp.logins).toEqual([{ user: 'alerts-user', accepted: false }]);
    const conn = await failure(email('email-refused', refused));
    expect(conn.message).toBe(`route "email-refused": SMTP 127.0.0.1:${refused} at CONN connection refused`);
    expect(conn).not.toBeInstanceOf(RouteConfigError);
    expect(conn).not.toBeInstanceOf(AlertRejectedError);
    // The password also never travels base64-encoded into an error (AUTH PLAIN sends it so).
    expect(routeSecrets(email('x', 1), env)).toContain(Buffer.from('\u0000alerts-user\u0000smtp-P4ss-SECRET-Zq81xY').toString('base64'));
  });

  it('SMTP: a permanent (5xx) reply refuses the alert for good, a 4xx may pass later; the reply text is never kept', () => {
    const reply = (responseCode: number, response: string, command: string) => Object.assign(new Error(`Message failed: ${response}`), { code: 'EENVELOPE', responseCode, response, command });
    const gone = smtpFailure('email', 'mx.acme.test:25', reply(550, '550 5.1.1 <care@acme.test>: secret-echo user unknown', 'RCPT TO'));
    expect(gone).toBeInstanceOf(AlertRejectedError);
    expect(gone.message).toBe('route "email": SMTP mx.acme.test:25 at RCPT TO refused the message (550 5.1.1)');
    const busy = smtpFailure('email', 'mx.acme.test:25', reply(451, '451 4.3.0 try later secret-echo', 'DATA'));
    expect(busy).not.toBeInstanceOf(AlertRejectedError);
    expect(busy.message).toBe('route "email": SMTP mx.acme.test:25 at DATA answered 451 4.3.0');
  });

  it('redaction replaces every secret value, longest first, and leaves short values alone', () => {
    expect(redactSecrets('posting to http://h/services/T/B/xyz-secret failed: /services/T/B/xyz-secret', ['http://h/services/T/B/xyz-secret', '/services/T/B/xyz-secret', 'ab'])).toBe(
      'posting to [redacted] failed: [redacted]',
    );
  });
});
