// Slack: an incoming webhook, or chat.postMessage with a bot token (which threads an
// incident's later messages under its first).
import axios from 'axios';
import { readSecret } from '../config/load.js';
import { withoutTrailingSlash } from '../sources/options.js';
import type { Alert } from './alert.js';
import { RouteConfigError, type AlertChannel, type SendOptions, type SendResult, type RouteOf } from './channel.js';
import { slackMessage } from './slack-message.js';

type SlackRoute = RouteOf<'slack'>;

export const slackChannel: AlertChannel<'slack'> = {
  type: 'slack',
  chart: 'url',
  send: async (route, alert, opts) => (route.bot_token_env ? postSlackMessage(route, alert, opts) : { detail: await postSlackWebhook(route, alert, opts) }),
};

async function postSlackWebhook(route: SlackRoute, alert: Alert, opts: SendOptions): Promise<string> {
  const url = readSecret(route.webhook_url_env, opts.env);
  if (!url) throw new RouteConfigError(`route "${route.id}": environment variable ${route.webhook_url_env} (Slack webhook URL) is not set`);
  const res = await axios.post(url, slackMessage(alert, { chartUrl: opts.chartUrl }), {
    timeout: 15_000,
    validateStatus: () => true,
    headers: { 'Content-Type': 'application/json' },
  });
  if (res.status >= 300) {
    const body = typeof res.data === 'string' ? res.data : JSON.stringify(res.data);
    if (res.status === 404 || res.status === 403 || /invalid_token|no_service/.test(body)) {
      throw new RouteConfigError(`route "${route.id}": Slack rejected the webhook (${res.status} ${body.slice(0, 100)})`);
    }
    throw new Error(`route "${route.id}": Slack answered ${res.status} ${body.slice(0, 200)}`);
  }
  return `slack ${res.status}`;
}

/** chat.postMessage with a bot token: the first message's ts threads the incident's later ones. */
async function postSlackMessage(route: SlackRoute, alert: Alert, opts: SendOptions): Promise<SendResult> {
  const token = readSecret(route.bot_token_env, opts.env);
  if (!token) throw new RouteConfigError(`route "${route.id}": environment variable ${route.bot_token_env} (Slack bot token) is not set`);
  const message = slackMessage(alert, { chartUrl: opts.chartUrl, threadTs: opts.threadTs });
  const res = await axios.post(
    `${withoutTrailingSlash(route.api_base_url)}/chat.postMessage`,
    { channel: route.channel, unfurl_links: false, ...message },
    { timeout: 15_000, validateStatus: () => true, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json; charset=utf-8' } },
  );
  const body = (res.data ?? {}) as { ok?: boolean; ts?: string; error?: string };
  if (res.status === 429 || res.status >= 500) throw new Error(`route "${route.id}": Slack answered ${res.status}`);
  if (!body.ok) {
    // Slack answers 200 with ok:false; these errors will not fix themselves on retry.
    if (/invalid_auth|not_authed|account_inactive|token_revoked|channel_not_found|not_in_channel|is_archived|missing_scope/.test(body.error ?? '')) {
      throw new RouteConfigError(`route "${route.id}": Slack refused the message (${body.error})`);
    }
    throw new Error(`route "${route.id}": Slack refused the message (${body.error ?? res.status})`);
  }
  return { detail: `slack chat.postMessage ${body.ts}`, threadTs: opts.threadTs ?? body.ts };
}
