// Delivers one alert to one route and records the attempt, success or failure, in
// alert_deliveries; records a route that gave up on an alert. Renders the incident chart for
// channels that attach it, signs a link to it for channels that show it by URL. What it records
// and throws carries no secret: the channels sanitise their transport errors, and every secret
// value of the route is redacted here all the same.
import type { ClickHouseClient } from '@clickhouse/client';
import type { MonitorConfig } from '../config/schema.js';
import { offersActions, type ActionLinks, type Alert } from '../alerts/alert.js';
import type { SendResult } from '../alerts/channel.js';
import { channelFor, routeSecrets, sendToRoute } from '../alerts/channels.js';
import { signedUrl, type LinkPurpose } from '../alerts/signed-links.js';
import { redactSecrets, safeDeliveryError } from '../alerts/transport-error.js';
import { readSecret } from '../config/load.js';
import { recordDelivery } from '../store/incidents-repo.js';
import { incidentChart } from './incident-chart.js';

export interface DeliverDeps {
  clickhouse: ClickHouseClient;
  config: MonitorConfig;
}

/**
 * Adds the signed links when the link secret is configured (never in workflow history): the
 * acknowledgement while nobody has acknowledged, the action pages while the incident runs.
 */
export function withAckLink(config: MonitorConfig, alert: Alert): Alert {
  const secret = readSecret(config.server.ack_secret_env);
  if (!secret || alert.kind === 'resolve') return alert;
  const sign = (purpose: LinkPurpose) => signedUrl(config.server.public_url, secret, purpose, alert.incidentId, alert.brand);
  const actions: ActionLinks | undefined = offersActions(alert)
    ? { assign: sign('assign'), note: sign('note'), resolve: sign('resolve'), falsePositive: sign('false-positive'), mute: sign('mute') }
    : undefined;
  const acknowledge = alert.kind === 'acknowledged' ? undefined : sign('ack');
  return { ...alert, links: { ...alert.links, ...(acknowledge ? { acknowledge } : {}), ...(actions ? { actions } : {}) } };
}

function routeOf(deps: DeliverDeps, routeId: string) {
  const route = deps.config.alerts.routes.find((r) => r.id === routeId);
  if (!route) throw new Error(`no alert route "${routeId}" in the config`);
  return route;
}

/** Every secret a delivery could touch: the route's own and the link-signing secret. */
function secretsOf(deps: DeliverDeps, routeId: string): string[] {
  const route = deps.config.alerts.routes.find((r) => r.id === routeId);
  const ack = readSecret(deps.config.server.ack_secret_env);
  return [...(route ? routeSecrets(route) : []), ...(ack ? [ack] : [])];
}

export async function deliverAlertToRoute(deps: DeliverDeps, routeId: string, alert: Alert, attempt: number, threadTs?: string): Promise<SendResult> {
  const route = routeOf(deps, routeId);
  try {
    // Email carries the PNG inline; Slack links it from the worker's endpoint (signed URL).
    const { chart } = channelFor(route.type);
    const chartPng = chart === 'png' ? await incidentChart(deps, alert).catch(() => undefined) : undefined;
    const secret = readSecret(deps.config.server.ack_secret_env);
    const chartUrl = chart === 'url' && secret ? signedUrl(deps.config.server.public_url, secret, 'chart', alert.incidentId, alert.brand) : undefined;
    const sent = await sendToRoute(route, withAckLink(deps.config, alert), { chartPng, chartUrl, threadTs });
    await recordDelivery(deps.clickhouse, {
      incidentId: alert.incidentId, brand: alert.brand, routeId, routeType: route.type, kind: alert.kind, status: 'sent', attempt,
      detail: redactSecrets(sent.detail, secretsOf(deps, routeId)),
    });
    return sent;
  } catch (e) {
    const safe = safeDeliveryError(e, secretsOf(deps, routeId));
    await recordDelivery(deps.clickhouse, {
      incidentId: alert.incidentId, brand: alert.brand, routeId, routeType: route.type, kind: alert.kind, status: 'failed', attempt, detail: safe.message,
    }).catch(() => undefined);
    throw safe;
  }
}

/** The route gave up on the alert (after its retries, or at once when retrying cannot help). */
export async function recordUndeliverable(deps: DeliverDeps, routeId: string, alert: Alert, reason: string): Promise<void> {
  const route = deps.config.alerts.routes.find((r) => r.id === routeId);
  await recordDelivery(deps.clickhouse, {
    incidentId: alert.incidentId, brand: alert.brand, routeId, routeType: route?.type ?? 'unknown', kind: alert.kind, status: 'undeliverable', attempt: 0,
    detail: redactSecrets(reason, secretsOf(deps, routeId)),
  });
}
