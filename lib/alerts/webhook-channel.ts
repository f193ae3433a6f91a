// A generic outgoing webhook: the alert as JSON (webhook-message.ts), POSTed to a URL from an
// env var and signed with a secret from another (webhook-signature.ts). Answers are judged like
// Slack's (transport-error.ts): 2xx sent; 401/403/404/410 and redirects a broken route; other 4xx
// but 408/429 a refused alert; the rest retried. A failure names the host and the status only.
import axios from 'axios';
import { readSecret } from '../config/load.js';
import { RouteConfigError, type AlertChannel, type RouteOf, type SendResult } from './channel.js';
import { TRANSPORT_TIMEOUT_MS } from './delivery-policy.js';
import { endpointOf, httpStatusFailure, networkFailure, urlSecretPart } from './transport-error.js';
import { webhookAlertPayload } from './webhook-message.js';
import { EVENT_HEADER, SIGNATURE_HEADER, webhookSignature } from './webhook-signature.js';

type WebhookRoute = RouteOf<'webhook'>;

export const webhookChannel: AlertChannel<'webhook'> = {
  type: 'webhook',
  chart: 'url',
  send: (route, alert, opts) => postSignedJson(route, `alert.${alert.kind}`, webhookAlertPayload(alert, { chartUrl: opts.chartUrl }), opts.env),
  secrets(route, env) {
    const url = readSecret(route.url_env, env);
    const secret = readSecret(route.secret_env, env);
    return [url, url && urlSecretPart(url), secret].filter((s): s is string => Boolean(s));
  },
};

/** POSTs `payload` signed with the route's secret; `event` goes in X-BrandPulse-Event. Also the digest's webhook delivery. */
export async function postSignedJson(route: WebhookRoute, event: string, payload: unknown, env?: NodeJS.ProcessEnv): Promise<SendResult> {
  const url = readSecret(route.url_env, env);
  if (!url) throw new RouteConfigError(`route "${route.id}": environment variable ${route.url_env} (webhook URL) is not set`);
  const secret = readSecret(route.secret_env, env);
  if (!secret) throw new RouteConfigError(`route "${route.id}": environment variable ${route.secret_env} (webhook signing secret) is not set`);
  const body = JSON.stringify(payload);
  const headers = {
    ...route.headers,
    'Content-Type': 'application/json; charset=utf-8',
    [EVENT_HEADER]: event,
    [SIGNATURE_HEADER]: webhookSignature(secret, body, Math.floor(Date.now() / 1000)),
  };
  let res;
  try {
    // The body is sent as the exact string that was signed (no re-serialisation by axios).
    res = await axios.post(url, body, { timeout: TRANSPORT_TIMEOUT_MS, validateStatus: () => true, maxRedirects: 0, headers, transformRequest: [(d: unknown) => d] });
  } catch (e) {
    throw networkFailure(route.id, endpointOf('POST', url), e, TRANSPORT_TIMEOUT_MS);
  }
  if (res.status >= 200 && res.status < 300) return { detail: `webhook ${res.status}` };
  throw httpStatusFailure(route.id, endpointOf('POST', url), res.status);
}
