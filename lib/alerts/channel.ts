// An alert channel is one descriptor: the route type it serves, what it needs of the incident
// chart, which values of a route are secret, and how it sends. Each lives in its own file beside
// its message builder; channels.ts registers them.
import type { RouteConfig } from '../config/schema.js';
import type { Alert } from './alert.js';

/** A route's configuration cannot work (missing secret, revoked token, wrong URL): retrying will not help. */
export class RouteConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RouteConfigError';
  }
}

/** The receiver refused this alert for good (a 4xx that will not change, an SMTP 5xx): retrying will not help. */
export class AlertRejectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AlertRejectedError';
  }
}

export interface SendResult {
  detail: string;
  /** Slack (bot token): the message's ts, so later messages of the incident go in its thread. */
  threadTs?: string;
}

export interface SendOptions {
  /** Thread to post in (Slack bot-token routes). */
  threadTs?: string;
  /** PNG of the incident chart, attached inline (email). */
  chartPng?: Buffer;
  /** Public URL of the same chart (Slack image blocks). */
  chartUrl?: string;
  env?: NodeJS.ProcessEnv;
}

export type RouteOf<T extends RouteConfig['type']> = Extract<RouteConfig, { type: T }>;

export interface AlertChannel<T extends RouteConfig['type'] = RouteConfig['type']> {
  type: T;
  /** 'png': the chart is rendered and attached; 'url': a signed link to it is sent; 'none'. */
  chart: 'png' | 'url' | 'none';
  /**
   * Sends one alert. Throws only errors that are safe to record and log (transport-error.ts):
   * a RouteConfigError or AlertRejectedError when retrying cannot help, a plain Error otherwise.
   */
  send(route: RouteOf<T>, alert: Alert, opts: SendOptions): Promise<SendResult>;
  /** The route's secret values (a webhook URL, a token, a password), redacted from anything recorded. */
  secrets(route: RouteOf<T>, env?: NodeJS.ProcessEnv): string[];
}
