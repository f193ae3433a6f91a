// Delivers one alert to one route and records the attempt, success or failure, in
// alert_deliveries. Renders the incident chart for channels that attach it, signs a link to it
// for channels that show it by URL.
import type { ClickHouseClient } from '@clickhouse/client';
import type { MonitorConfig } from '../config/schema.js';
import type { Alert } from '../alerts/alert.js';
import type { SendResult } from '../alerts/channel.js';
import { channelFor, sendToRoute } from '../alerts/channels.js';
import { signedUrl } from '../alerts/signed-links.js';
import { readSecret } from '../config/load.js';
import { recordDelivery } from '../store/incidents-repo.js';
import { incidentChart } from './incident-chart.js';

export interface DeliverDeps {
  clickhouse: ClickHouseClient;
  config: MonitorConfig;
}

/** Adds the signed acknowledgement link when the ack secret is configured (never in workflow history). */
export function withAckLink(config: MonitorConfig, alert: Alert): Alert {
  const secret = readSecret(config.server.ack_secret_env);
  if (!secret || alert.kind === 'resolve' || alert.kind === 'acknowledged') return alert;
  return { ...alert, links: { ...alert.links, acknowledge: signedUrl(config.server.public_url, secret, 'ack', alert.incidentId, alert.brand) } };
}

export async function deliverAlertToRoute(deps: DeliverDeps, routeId: string, alert: Alert, attempt: number, threadTs?: string): Promise<SendResult> {
  const route = deps.config.alerts.routes.find((r) => r.id === routeId);
  if (!route) throw new Error(`no alert route "${routeId}" in the config`);
  try {
    // Email carries the PNG inline; Slack links it from the worker's endpoint (signed URL).
    const { chart } = channelFor(route.type);
    const chartPng = chart === 'png' ? await incidentChart(deps, alert).catch(() => undefined) : undefined;
    const secret = readSecret(deps.config.server.ack_secret_env);
    const chartUrl = chart === 'url' && secret ? signedUrl(deps.config.server.public_url, secret, 'chart', alert.incidentId, alert.brand) : undefined;
    const sent = await sendToRoute(route, withAckLink(deps.config, alert), { chartPng, chartUrl, threadTs });
    await recordDelivery(deps.clickhouse, {
      incidentId: alert.incidentId, brand: alert.brand, routeId, routeType: route.type, kind: alert.kind, status: 'sent', attempt, detail: sent.detail,
    });
    return sent;
  } catch (e) {
    await recordDelivery(deps.clickhouse, {
      incidentId: alert.incidentId, brand: alert.brand, routeId, routeType: route.type, kind: alert.kind, status: 'failed', attempt,
      detail: (e as Error).message,
    }).catch(() => undefined);
    throw e;
  }
}
