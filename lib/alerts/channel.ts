// An alert channel is one descriptor: the route type it serves, what it needs of the incident
// chart, and how it sends. Each lives in its own file beside its message builder; channels.ts
// registers them.
import type { RouteConfig } from '../config/schema.js';
import type { Alert } from './alert.js';

/** A route's configuration cannot work (missing secret, revoked token): retrying will not help. */
export class RouteConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RouteConfigError';
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
  send(route: RouteOf<T>, alert: Alert, opts: SendOptions): Promise<SendResult>;
}
