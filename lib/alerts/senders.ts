// Sends a rendered alert to one route. Throws on failure (the activity records the attempt
// and lets Temporal retry); a missing secret is a non-retryable configuration problem.
import axios from 'axios';
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { RouteConfig } from '../config/schema.js';
import { readSecret } from '../config/load.js';
import type { Alert } from './alert.js';
import { emailMessage } from './email-message.js';
import { slackMessage } from './slack-message.js';

export class RouteConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RouteConfigError';
  }
}

export interface Attachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

export interface SendResult {
  detail: string;
  /** Slack (bot token): the message's ts, so later messages of the incident go in its thread. */
  threadTs?: string;
}

export interface SendOptions {
  /** Thread to post in (Slack bot-token routes). */
  threadTs?: string;
  /** PNG of the incident chart, attached inline to email. */
  chartPng?: Buffer;
  /** Public URL of the same chart for Slack image blocks. */
  chartUrl?: string;
  env?: NodeJS.ProcessEnv;
}

export async function sendToRoute(route: RouteConfig, alert: Alert, opts: SendOptions = {}): Promise<SendResult> {
  switch (route.type) {
    case 'slack':
      return route.bot_token_env ? postSlackMessage(route, alert, opts) : { detail: await postSlackWebhook(route, alert, opts) };
    case 'email': {
      const user = readSecret(route.smtp.user_env, opts.env);
      const pass = readSecret(route.smtp.password_env, opts.env);
      if (route.smtp.password_env && !pass) {
        throw new RouteConfigError(`route "${route.id}": environment variable ${route.smtp.password_env} (SMTP password) is not set`);
      }
      const transport = nodemailer.createTransport({
        host: route.smtp.host,
        port: route.smtp.port,
        secure: route.smtp.secure,
        auth: user ? { user, pass } : undefined,
        // Local relays often have self-signed certificates; STARTTLS is still used when offered.
        tls: { rejectUnauthorized: false },
        connectionTimeout: 15_000,
      });
      const chartCid = opts.chartPng ? `chart-${alert.incidentId}@brand-pulse` : undefined;
      const msg = emailMessage(alert, { chartCid });
      try {
        const info = await transport.sendMail({
          from: route.from,
          to: route.to,
          subject: msg.subject,
          text: msg.text,
          html: msg.html,
          attachments: opts.chartPng ? [{ filename: 'incident-chart.png', content: opts.chartPng, contentType: 'image/png', cid: chartCid }] : [],
        });
        return { detail: `smtp ${info.response ?? 'sent'}` };
      } finally {
        transport.close();
      }
    }
    case 'file': {
      mkdirSync(path.dirname(route.path), { recursive: true });
      appendFileSync(route.path, `${JSON.stringify({ at: new Date().toISOString(), route: route.id, alert })}\n`);
      return { detail: `appended to ${route.path}` };
    }
  }
}

type SlackRoute = Extract<RouteConfig, { type: 'slack' }>;

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
    `${route.api_base_url.replace(/\/$/, '')}/chat.postMessage`,
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
