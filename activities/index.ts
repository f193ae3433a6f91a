// Builds the activity functions with their dependencies injected (ClickHouse, HTTP, config,
// Temporal client). The activity boundary is where typed errors become Temporal failures:
// non-retryable for what retrying cannot fix, a retry delay for rate limits.
import type { ClickHouseClient } from '@clickhouse/client';
import { activityInfo, heartbeat, log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import type { MonitorConfig } from '../lib/config/schema.js';
import type { Alert } from '../lib/alerts/alert.js';
import { RouteConfigError, type SendResult } from '../lib/alerts/senders.js';
import { deliverAlertToRoute } from '../lib/pipeline/deliver-alert.js';
import { detectBrand, type BrandDetection } from '../lib/pipeline/detect-brand.js';
import { notifyIncidents } from '../lib/pipeline/notify-incidents.js';
import { pollSourceOnce, type PollResult } from '../lib/pipeline/poll-source.js';
import { BadCredentialsError, RateLimitedError, ResourceGoneError } from '../lib/sources/errors.js';
import type { HttpClient } from '../lib/sources/http.js';
import { SourceConfigError } from '../lib/sources/options.js';
import { upsertIncident, type IncidentRecord } from '../lib/store/incidents-repo.js';

export interface ActivityDeps {
  clickhouse: ClickHouseClient;
  http: HttpClient;
  config: MonitorConfig;
  temporal: Client;
  /** Task queue the incident workflows run on (default TASK_QUEUE). */
  taskQueue?: string;
  now?: () => Date;
}

/** Maps source errors to Temporal failures; anything else stays a plain (retryable) error. */
export function toFailure(e: unknown): unknown {
  if (e instanceof BadCredentialsError) return ApplicationFailure.nonRetryable(e.message, 'BadCredentials');
  if (e instanceof ResourceGoneError) return ApplicationFailure.nonRetryable(e.message, 'ResourceGone');
  if (e instanceof SourceConfigError) return ApplicationFailure.nonRetryable(e.message, 'SourceConfig');
  if (e instanceof RouteConfigError) return ApplicationFailure.nonRetryable(e.message, 'RouteConfig');
  if (e instanceof RateLimitedError) {
    return ApplicationFailure.create({ message: e.message, type: 'RateLimited', nextRetryDelay: Math.max(1000, e.retryAfterMs) });
  }
  return e;
}

export function createActivities(deps: ActivityDeps) {
  const now = deps.now ?? (() => new Date());
  return {
    async pollSource(input: { sourceId: string }): Promise<PollResult> {
      try {
        return await pollSourceOnce(
          { clickhouse: deps.clickhouse, http: deps.http, config: deps.config, now, onPage: (p) => heartbeat(p) },
          input.sourceId,
        );
      } catch (e) {
        log.warn('poll failed', { sourceId: input.sourceId, error: (e as Error).message, attempt: activityInfo().attempt });
        throw toFailure(e);
      }
    },

    async detectSpikes(): Promise<BrandDetection[]> {
      const out: BrandDetection[] = [];
      for (const b of deps.config.brands) {
        const d = await detectBrand(deps.clickhouse, deps.config, b.id, now().getTime());
        if (d) out.push(d);
      }
      return out;
    },

    async notifyIncidents(detections: BrandDetection[]) {
      return notifyIncidents({ clickhouse: deps.clickhouse, config: deps.config, temporal: deps.temporal, taskQueue: deps.taskQueue }, detections);
    },

    async recordIncident(record: IncidentRecord): Promise<void> {
      await upsertIncident(deps.clickhouse, record);
    },

    async deliverAlert(input: { routeId: string; alert: Alert; threadTs?: string }): Promise<SendResult> {
      try {
        return await deliverAlertToRoute({ clickhouse: deps.clickhouse, config: deps.config }, input.routeId, input.alert, activityInfo().attempt, input.threadTs);
      } catch (e) {
        log.warn('alert delivery failed', { routeId: input.routeId, incidentId: input.alert.incidentId, error: (e as Error).message });
        throw toFailure(e);
      }
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
