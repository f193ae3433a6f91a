// What the activities are built from (dependency injection: the worker passes real clients,
// tests pass local ones).
import type { ClickHouseClient } from '@clickhouse/client';
import type { Client } from '@temporalio/client';
import type { MonitorConfig } from '../lib/config/schema.js';
import type { HttpClient } from '../lib/sources/http.js';

export interface ActivityDeps {
  clickhouse: ClickHouseClient;
  http: HttpClient;
  config: MonitorConfig;
  temporal: Client;
  /** Task queue the incident workflows run on (default TASK_QUEUE). */
  taskQueue?: string;
  now?: () => Date;
}

/** The activities' clock: `deps.now` (tests), else the wall clock; epoch ms. */
export const nowMs = (deps: Pick<ActivityDeps, 'now'>): number => (deps.now?.() ?? new Date()).getTime();
