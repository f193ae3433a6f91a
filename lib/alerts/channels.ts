// Every alert channel, registered once. A new channel is a descriptor file beside its
// message builder, its route schema in lib/config/schema.ts, and one line here.
import type { RouteConfig } from '../config/schema.js';
import type { Alert } from './alert.js';
import type { AlertChannel, SendOptions, SendResult } from './channel.js';
import { emailChannel } from './email-channel.js';
import { fileChannel } from './file-channel.js';
import { slackChannel } from './slack-channel.js';
import { webhookChannel } from './webhook-channel.js';

const CHANNELS: { [T in RouteConfig['type']]: AlertChannel<T> } = {
  slack: slackChannel,
  email: emailChannel,
  file: fileChannel,
  webhook: webhookChannel,
};

export function channelFor<T extends RouteConfig['type']>(type: T): AlertChannel<T> {
  return CHANNELS[type];
}

/** Sends a rendered alert to one route. Throws sanitised errors; retrying cannot fix a RouteConfigError or AlertRejectedError. */
export function sendToRoute(route: RouteConfig, alert: Alert, opts: SendOptions = {}): Promise<SendResult> {
  return (channelFor(route.type) as AlertChannel).send(route as never, alert, opts);
}

/** The route's secret values, to redact from anything recorded or logged about it. */
export function routeSecrets(route: RouteConfig, env?: NodeJS.ProcessEnv): string[] {
  return (channelFor(route.type) as AlertChannel).secrets(route as never, env);
}
