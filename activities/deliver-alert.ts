// Activities: deliver one alert to one route, every attempt recorded, and record a route that
// gave up on an alert (lib/pipeline/deliver-alert.ts). Errors arrive here sanitised.
import { activityInfo, log } from '@temporalio/activity';
import type { Alert } from '../lib/alerts/alert.js';
import type { SendResult } from '../lib/alerts/channel.js';
import { deliverAlertToRoute, recordUndeliverable } from '../lib/pipeline/deliver-alert.js';
import type { ActivityDeps } from './deps.js';
import { toFailure } from './failures.js';

export const deliverAlertActivity =
  (deps: ActivityDeps) =>
  async (input: { routeId: string; alert: Alert; threadTs?: string }): Promise<SendResult> => {
    try {
      return await deliverAlertToRoute(deps, input.routeId, input.alert, activityInfo().attempt, input.threadTs);
    } catch (e) {
      log.warn('alert delivery failed', { routeId: input.routeId, incidentId: input.alert.incidentId, error: (e as Error).message });
      throw toFailure(e);
    }
  };

export const recordUndeliverableActivity =
  (deps: ActivityDeps) =>
  (input: { routeId: string; alert: Alert; reason: string }): Promise<void> =>
    recordUndeliverable(deps, input.routeId, input.alert, input.reason);
