// The incident workflow's alert deliveries (workflow code: deterministic, no I/O).
//
// Since the patch ROUTE_LANES_PATCH every route has a lane of its own (lib/alerts/route-lanes.ts):
// `send` queues and returns at once, so the workflow goes on reading observations while a route
// is slow; updates coalesce; a route that gives up on an alert is recorded as undeliverable and
// announced on the escalation routes. Runs that started before the patch replay the old path,
// where each `send` awaited every route together.
import { ActivityFailure, log, patched, proxyActivities, condition } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { Alert, AlertKind } from '../lib/alerts/alert.js';
import { DELIVERY_ACTIVITY } from '../lib/alerts/delivery-policy.js';
import { undeliverableNoticeRoutes, routeLanes } from '../lib/alerts/route-lanes.js';
import type { IncidentState } from '../lib/contract/incident.js';
import { ROUTE_LANES_PATCH } from '../lib/contract/patches.js';

// Before the patch: up to 8 attempts of up to a minute each, with backoff to 2 minutes, awaited
// by the workflow. Kept only so that histories that took this path replay.
const legacy = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '2 minutes', maximumAttempts: 8, nonRetryableErrorTypes: ['RouteConfig'] },
});
// One route's delivery of one alert: short attempts, given up after about 80 s (delivery-policy.ts).
const { deliverAlert } = proxyActivities<Activities>(DELIVERY_ACTIVITY);
// Recording that a route gave up is a small insert: retry briefly but persistently.
const { recordUndeliverable } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 20 },
});

export interface IncidentDeliveries {
  /** Delivers `alertOf(kind)` to each route. On the lanes it returns at once. */
  send(kind: AlertKind, routes: string[]): Promise<void>;
  /** Every route has delivered, or given up on, every alert it was given. */
  settled(): Promise<void>;
}

export interface DeliveryContext {
  state: IncidentState;
  alertOf(kind: AlertKind): Alert;
  routes: string[];
  escalationRoutes: string[];
}

/** Why the activity gave up, from its failure: the last attempt's (sanitised) error and the retry verdict. */
function gaveUpReason(e: unknown): string {
  if (!(e instanceof ActivityFailure)) return String(e);
  const why = e.cause?.message ?? e.message;
  if (e.retryState === 'NON_RETRYABLE_FAILURE') return `not retried: ${why}`;
  if (e.retryState === 'MAXIMUM_ATTEMPTS_REACHED') return `after ${DELIVERY_ACTIVITY.retry.maximumAttempts} attempts: ${why}`;
  return why;
}

/** Call once, before the workflow's first await (the patch marker then sits at the same place in every history). */
export function incidentDeliveries(ctx: DeliveryContext): IncidentDeliveries {
  const { state } = ctx;
  /** Slack bot-token routes: the ts of the incident's first message, to thread the rest under it. */
  const threads: Record<string, string> = {};

  if (!patched(ROUTE_LANES_PATCH)) {
    return {
      // Every route gets its own activity, but the workflow awaits them all.
      async send(kind, routes) {
        const alert = ctx.alertOf(kind);
        await Promise.all(
          routes.map(async (routeId) => {
            try {
              const sent = await legacy.deliverAlert({ routeId, alert, threadTs: threads[routeId] });
              if (typeof sent === 'object' && sent.threadTs) threads[routeId] ??= sent.threadTs;
              state.alertsSent.push({ kind, routeId, ok: true });
            } catch (e) {
              // The activity recorded each failed attempt in alert_deliveries; the log says it gave up.
              log.error('alert delivery gave up', { routeId, kind, incidentId: state.incidentId, error: e instanceof ActivityFailure ? e.cause?.message : String(e) });
              state.alertsSent.push({ kind, routeId, ok: false });
            }
          }),
        );
      },
      settled: async () => undefined,
    };
  }

  /** Routes already announced as undeliverable in this incident: announced once, not per alert. */
  const announced = new Set<string>();
  const lanes = routeLanes<Alert>({
    async deliver(routeId, alert) {
      try {
        const sent = await deliverAlert({ routeId, alert, threadTs: threads[routeId] });
        if (sent.threadTs) threads[routeId] ??= sent.threadTs;
        state.alertsSent.push({ kind: alert.kind, routeId, ok: true });
      } catch (e) {
        const reason = gaveUpReason(e).slice(0, 500);
        log.error('alert delivery gave up', { routeId, kind: alert.kind, incidentId: state.incidentId, error: reason });
        state.alertsSent.push({ kind: alert.kind, routeId, ok: false });
        await recordUndeliverable({ routeId, alert, reason }).catch((err: unknown) =>
          log.error('could not record an undeliverable alert', { routeId, incidentId: state.incidentId, error: err instanceof ActivityFailure ? err.cause?.message : String(err) }),
        );
        // A notice that fails is recorded, not announced again: no loop between broken routes.
        if (alert.kind === 'undeliverable' || announced.has(routeId)) return;
        announced.add(routeId);
        const notice: Alert = { ...ctx.alertOf('undeliverable'), undeliverable: { routeId, kind: alert.kind, reason } };
        lanes.send(notice, undeliverableNoticeRoutes(routeId, ctx.escalationRoutes, ctx.routes));
      }
    },
    coalesced(routeId, waiting, by) {
      log.info('update coalesced into a newer alert while the route was busy', { routeId, incidentId: state.incidentId, negative: waiting.negative, newer: by.negative });
    },
  });
  return {
    send: async (kind, routes) => lanes.send(ctx.alertOf(kind), routes),
    settled: () => condition(() => lanes.idle()),
  };
}
