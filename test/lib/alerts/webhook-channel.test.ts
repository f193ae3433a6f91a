// The webhook route against a real local HTTP receiver: the body is the alert's JSON, signed as
// documented (the receiver verifies it with the route's secret); 500 and 429 are retryable, the
// other 4xx are not, 404 says the route is broken; errors never carry the URL's path or the secret.
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertRejectedError, RouteConfigError, type RouteOf } from '../../../lib/alerts/channel.js';
import { routeSecrets, sendToRoute } from '../../../lib/alerts/channels.js';
import { UNRECOVERABLE_DELIVERY } from '../../../lib/alerts/delivery-policy.js';
import type { WebhookAlertPayload } from '../../../lib/alerts/webhook-message.js';
import { verifyWebhookSignature, webhookSignature } from '../../../lib/alerts/webhook-signature.js';
import { toFailure } from '../../../activities/failures.js';
import { parseConfig } from '../../../lib/config/load.js';
import { startRecordedServer, type RecordedServer } from '../../helpers/recorded-server.js';
import { alert } from './alert-fixture.js';

const SECRET = 'whsec-SECRET-7Hq2xLp9';
const route = (id: string, headers: Record<string, string> = {}): RouteOf<'webhook'> => ({ id, type: 'webhook', url_env: `WH_URL_${id.toUpperCase()}`, secret_env: 'WH_SECRET', headers });

describe('webhook route', () => {
  let server: RecordedServer;
  const env: NodeJS.ProcessEnv = { WH_SECRET: SECRET };
  const urlFor = (id: string, path: string) => (env[`WH_URL_${id.toUpperCase()}`] = `${server.url}${path}?token=tok-SECRET-${id}`);
  beforeAll(async () => {
    server = await startRecordedServer();
  });
  afterAll(() => server.close());

  const failure = async (r: RouteOf<'webhook'>) => {
    const err = await sendToRoute(r, alert, { env }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err, `${r.id} should fail`).toBeInstanceOf(Error);
    const shown = inspect(err, { depth: Infinity, showHidden: true });
    for (const s of routeSecrets(r, env)) expect(shown).not.toContain(s);
    expect(shown).not.toContain('/hooks/');
    return err as Error;
  };

  it('POSTs the alert as JSON with a signature the receiver verifies, and its extra headers', async () => {
    urlFor('ok', '/hooks/ok');
    server.handle('/hooks/ok', () => ({ status: 204 }));
    const sent = await sendToRoute(route('ok', { 'X-Team': 'care' }), alert, { env, chartUrl: 'http://worker/chart?sig=1' });
    expect(sent.detail).toBe('webhook 204');
    const req = server.requests.find((r) => r.path === '/hooks/ok')!;
    expect(req.method).toBe('POST');
    expect(req.query.get('token')).toBe('tok-SECRET-ok');
    expect(req.headers['content-type']).toMatch(/^application\/json/);
    expect(req.headers['x-team']).toBe('care');
    expect(req.headers['x-brandpulse-event']).toBe('alert.open');
    const sig = String(req.headers['x-brandpulse-signature']);
    expect(sig).toMatch(/^t=\d{10},v1=[0-9a-f]{64}$/);
    const now = Math.floor(Date.now() / 1000);
    expect(verifyWebhookSignature(SECRET, req.body, sig, now)).toBe(true);
    // A wrong secret, a changed body, an old timestamp: each refused.
    expect(verifyWebhookSignature('other-secret', req.body, sig, now)).toBe(false);
    expect(verifyWebhookSignature(SECRET, req.body.replace('"open"', '"resolve"'), sig, now)).toBe(false);
    expect(verifyWebhookSignature(SECRET, req.body, sig, now + 3600)).toBe(false);
    // The scheme as documented, recomputed by hand.
    const t = Number(/t=(\d+)/.exec(sig)![1]);
    expect(sig).toBe(webhookSignature(SECRET, req.body, t));

    const body = JSON.parse(req.body) as WebhookAlertPayload;
    expect(body).toMatchObject({
      type: 'alert',
      version: 1,
      kind: 'open',
      brand: { id: 'acme', name: 'Acme <Cloud> & Co' },
      incident: { id: 'acme-20261122T1000Z', severity: 'high', opened_at: '2026-11-22T10:00:00.000Z', peak_negative: 44, resolved_at: null },
      links: { grafana: 'http://grafana/d/brand-health', acknowledge: 'http://worker/ack?x=1', chart: 'http://worker/chart?sig=1' },
    });
    expect(body.headline).toContain('Acme <Cloud> & Co');
    expect(body.phrases).toEqual([{ phrase: 'خدمة سيئة', count: 9 }, { phrase: 'lost luggage', count: 7 }]);
    expect(body.samples.map((s) => s.author)).toEqual(['dana', 'bo']);
  });

  it('500 and 429 are retried; 400 and 422 are refused alerts; 404 and 401 are broken routes; none leaks the URL or secret', async () => {
    const host = new URL(server.url).host;
    const cases: [string, number, string | undefined][] = [
      ['e500', 500, undefined],
      ['e429', 429, undefined],
      ['e408', 408, undefined],
      ['e400', 400, 'AlertRejected'],
      ['e422', 422, 'AlertRejected'],
      ['e404', 404, 'RouteConfig'],
      ['e401', 401, 'RouteConfig'],
    ];
    for (const [id, status, type] of cases) {
      urlFor(id, `/hooks/${id}`);
      server.handle(`/hooks/${id}`, (req) => ({ status, body: `echo ${req.path} ${req.headers['x-brandpulse-signature']} ${SECRET}` }));
      const err = await failure(route(id));
      expect(err.message).toBe(`route "${id}": POST ${host} answered ${status}${type === 'AlertRejected' ? ' (the alert was refused)' : type ? " (check the route's URL and credentials)" : ''}`);
      const failureType = (toFailure(err) as { type?: string }).type;
      expect(UNRECOVERABLE_DELIVERY.includes(failureType ?? ''), `${id}: ${failureType}`).toBe(type !== undefined);
      if (type === 'AlertRejected') expect(err).toBeInstanceOf(AlertRejectedError);
      if (type === 'RouteConfig') expect(err).toBeInstanceOf(RouteConfigError);
    }
  });

  it('a missing URL or secret variable is a route error that names the variable, not its value', async () => {
    const missingUrl = await failure(route('nourl'));
    expect(missingUrl).toBeInstanceOf(RouteConfigError);
    expect(missingUrl.message).toContain('WH_URL_NOURL (webhook URL) is not set');
    urlFor('nosecret', '/hooks/nosecret');
    const err = await failure({ ...route('nosecret'), secret_env: 'WH_NO_SUCH_SECRET' });
    expect(err.message).toContain('WH_NO_SUCH_SECRET (webhook signing secret) is not set');
    expect(server.requests.some((r) => r.path === '/hooks/nosecret')).toBe(false);
  });

  it('config: url_env and secret_env are required, reserved headers refused', () => {
    const cfg = (r: string) => `brands: [{ id: acme, name: Acme, queries: [acme] }]\nsources: [{ id: hn, type: hackernews }]\nalerts:\n  routes:\n    - ${r}\n`;
    const ok = parseConfig(cfg('{ id: hook, type: webhook, url_env: HOOK_URL, secret_env: HOOK_SECRET, headers: { X-Team: care } }'), 'ok.yaml');
    expect(ok.alerts.routes[0]).toEqual({ id: 'hook', type: 'webhook', url_env: 'HOOK_URL', secret_env: 'HOOK_SECRET', headers: { 'X-Team': 'care' } });
    expect(() => parseConfig(cfg('{ id: hook, type: webhook, url_env: HOOK_URL }'), 'bad.yaml')).toThrow(/secret_env/);
    expect(() => parseConfig(cfg('{ id: hook, type: webhook, url: "http://x" , url_env: A, secret_env: B }'), 'bad.yaml')).toThrow(/url/);
    expect(() => parseConfig(cfg('{ id: hook, type: webhook, url_env: A, secret_env: B, headers: { X-BrandPulse-Signature: forged } }'), 'bad.yaml')).toThrow(/brand-pulse sets them/);
  });
});
