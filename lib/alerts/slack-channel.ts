// Slack: an incoming webhook, or chat.postMessage with a bot token (which threads an
// incident's later messages under its first). The webhook URL and the token are secrets: a
// failure names the host and Slack's error code only (transport-error.ts).
import axios from 'axios';
import { readSecret } from '../config/load.js';
import { withoutTrailingSlash } from '../sources/options.js';
import { AlertRejectedError, RouteConfigError, type AlertChannel, type SendOptions, type SendResult, type RouteOf } from './channel.js';
import { TRANSPORT_TIMEOUT_MS } from './delivery-policy.js';
import { slackMessage, type SlackMessage } from './slack-message.js';
import { endpointOf, errorCodeIn, httpStatusFailure, networkFailure, urlSecretPart } from './transport-error.js';

type SlackRoute = RouteOf<'slack'>;

export const slackChannel: AlertChannel<'slack'> = {
  type: 'slack',
  chart: 'url',
  send: (route, alert, opts) => sendSlackMessage(route, slackMessage(alert, { chartUrl: opts.chartUrl, threadTs: opts.threadTs }), opts),
  secrets(route, env) {
    const url = readSecret(route.webhook_url_env, env);
    const token = readSecret(route.bot_token_env, env);
    return [url, url && urlSecretPart(url), token].filter((s): s is string => Boolean(s));
  },
};

/** Sends a built message (an alert's, a digest's) by the route's webhook or bot token. */
export async function sendSlackMessage(route: SlackRoute, message: SlackMessage, opts: SendOptions): Promise<SendResult> {
  return route.bot_token_env ? postSlackMessage(route, message, opts) : { detail: await postSlackWebhook(route, message, opts) };
}

/** Posts with Slack's JSON body; a request that gets no answer becomes a sanitised error. */
export async function slackPost(route: SlackRoute, url: string, body: unknown, headers: Record<string, string>) {
  try {
    return await axios.post(url, body, { timeout: TRANSPORT_TIMEOUT_MS, validateStatus: () => true, maxRedirects: 0, headers });
  } catch (e) {
    throw networkFailure(route.id, endpointOf('POST', url), e, TRANSPORT_TIMEOUT_MS);
  }
}

/** The bot token of a bot-token route; a missing variable is a route error. */
export function slackToken(route: SlackRoute, env?: NodeJS.ProcessEnv): string {
  const token = readSecret(route.bot_token_env, env);
  if (!token) throw new RouteConfigError(`route "${route.id}": environment variable ${route.bot_token_env} (Slack bot token) is not set`);
  return token;
}

/** A Web API answer's body when it says ok; otherwise the sanitised error that says whether a retry can help. */
export function slackApiAnswer(route: SlackRoute, url: string, res: { status: number; data: unknown }, what: string): Record<string, unknown> {
  const body = (typeof res.data === 'object' && res.data !== null ? res.data : {}) as Record<string, unknown>;
  const code = errorCodeIn(body.error);
  if (res.status < 200 || res.status >= 300) throw httpStatusFailure(route.id, endpointOf('POST', url), res.status, code);
  if (body.ok !== true) {
    // Slack answers 200 with ok:false.
    const message = `route "${route.id}": Slack refused ${what} (${code ?? 'no error code'})`;
    if (code && TRANSIENT_API_ERRORS.test(code)) throw new Error(message);
    if (code && ROUTE_API_ERRORS.test(code)) throw new RouteConfigError(message);
    throw new AlertRejectedError(message);
  }
  return body;
}

/** Webhook answers (plain-text codes) that mean the hook itself is gone or was never valid. */
const DEAD_WEBHOOK = /^(invalid_token|no_service|no_team|team_disabled|channel_is_archived|channel_not_found|action_prohibited|no_service_id|invalid_team)$/;

async function postSlackWebhook(route: SlackRoute, message: SlackMessage, opts: SendOptions): Promise<string> {
  const url = readSecret(route.webhook_url_env, opts.env);
  if (!url) throw new RouteConfigError(`route "${route.id}": environment variable ${route.webhook_url_env} (Slack webhook URL) is not set`);
  // Incoming webhooks have no threads.
  const { thread_ts: _thread, ...body } = message;
  const res = await slackPost(route, url, body, { 'Content-Type': 'application/json' });
  if (res.status >= 200 && res.status < 300) return `slack ${res.status}`;
  const code = errorCodeIn(res.data);
  if (code && DEAD_WEBHOOK.test(code)) {
    throw new RouteConfigError(`route "${route.id}": ${endpointOf('POST', url)} answered ${res.status} ${code} (the webhook is not valid)`);
  }
  throw httpStatusFailure(route.id, endpointOf('POST', url), res.status, code);
}

/** chat.postMessage errors that a retry may get past; every other `ok: false` will repeat. */
const TRANSIENT_API_ERRORS = /^(ratelimited|fatal_error|internal_error|service_unavailable|request_timeout)$/;
/** chat.postMessage errors that say the token or the channel is wrong. */
const ROUTE_API_ERRORS =
  /^(invalid_auth|not_authed|account_inactive|token_revoked|token_expired|no_permission|missing_scope|channel_not_found|not_in_channel|is_archived|ekm_access_denied|team_access_not_granted)$/;

/** chat.postMessage with a bot token: the first message's ts threads the incident's later ones. */
async function postSlackMessage(route: SlackRoute, message: SlackMessage, opts: SendOptions): Promise<SendResult> {
  const token = slackToken(route, opts.env);
  const url = `${withoutTrailingSlash(route.api_base_url)}/chat.postMessage`;
  const res = await slackPost(route, url, { channel: route.channel, unfurl_links: false, ...message }, {
    Authorization: `Bearer ${token}`,
    'Content-Type': 'application/json; charset=utf-8',
  });
  const body = slackApiAnswer(route, url, res, 'the message');
  const ts = typeof body.ts === 'string' ? body.ts : undefined;
  return { detail: `slack chat.postMessage ${ts ?? ''}`.trim(), threadTs: opts.threadTs ?? ts };
}
