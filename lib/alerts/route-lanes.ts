// Each route's deliveries in a lane of its own: one alert in flight per route, the others waiting
// in order behind it. A slow or failing route holds up nothing but itself, and keeps its own
// messages in order (a Slack thread needs its first message's ts before the second).
//
// Updates coalesce: a newer update replaces one still waiting, because it carries the newer state;
// a route that was stuck gets the latest state after the alert in flight, not a backlog. Every
// other kind (open, escalate, acknowledged, resolve, undeliverable) is delivered. At most one
// update per route ever waits, so nothing piles up.
//
// No I/O and no Temporal API: the incident workflow passes the delivery (an activity), tests pass
// their own. The delivery must not throw; a lane survives one that does.
import type { AlertKind } from './alert.js';

export interface RouteLanes<A> {
  /** Queues the alert on each route's lane and returns at once. */
  send(alert: A, routeIds: string[]): void;
  /** No route has an alert in flight or waiting. */
  idle(): boolean;
}

export interface LaneHooks<A> {
  deliver(routeId: string, alert: A): Promise<void>;
  /** `waiting` was replaced by the newer `by` before it was sent (logged by the workflow). */
  coalesced?(routeId: string, waiting: A, by: A): void;
}

/** The lane's queue after `alert` joins it, and the update it replaced, if any. */
export function joinQueue<A extends { kind: AlertKind }>(waiting: readonly A[], alert: A): { waiting: A[]; replaced?: A } {
  if (alert.kind !== 'update') return { waiting: [...waiting, alert] };
  const replaced = waiting.find((a) => a.kind === 'update');
  return { waiting: [...waiting.filter((a) => a !== replaced), alert], replaced };
}

export function routeLanes<A extends { kind: AlertKind }>(hooks: LaneHooks<A>): RouteLanes<A> {
  const lanes = new Map<string, { waiting: A[]; busy: boolean }>();

  const run = async (routeId: string, lane: { waiting: A[]; busy: boolean }) => {
    lane.busy = true;
    for (let next = lane.waiting.shift(); next; next = lane.waiting.shift()) {
      await hooks.deliver(routeId, next).catch(() => undefined);
    }
    lane.busy = false;
  };

  return {
    send(alert, routeIds) {
      for (const routeId of routeIds) {
        const lane = lanes.get(routeId) ?? { waiting: [], busy: false };
        lanes.set(routeId, lane);
        const joined = joinQueue(lane.waiting, alert);
        lane.waiting = joined.waiting;
        if (joined.replaced) hooks.coalesced?.(routeId, joined.replaced, alert);
        // Not awaited: the lane runs beside the caller; `idle()` tells when every lane is done.
        if (!lane.busy) void run(routeId, lane);
      }
    },
    idle: () => [...lanes.values()].every((l) => !l.busy && l.waiting.length === 0),
  };
}

/**
 * Who hears that `failing` gave up on an alert: the escalation routes, or when it is the only
 * one of those, the incident's other routes. Never the failing route itself.
 */
export function undeliverableNoticeRoutes(failing: string, escalationRoutes: readonly string[], routes: readonly string[]): string[] {
  const escalation = escalationRoutes.filter((r) => r !== failing);
  return escalation.length > 0 ? escalation : [...new Set(routes)].filter((r) => r !== failing);
}
