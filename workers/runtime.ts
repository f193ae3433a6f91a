// Starts everything one monitor process needs, in order: ClickHouse (migrated), Temporal
// (server or embedded), the worker, and the schedules. `stop()` undoes it in reverse.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, Runtime as CoreRuntime, type WorkerOptions } from '@temporalio/worker';
import type { ClickHouseClient } from '@clickhouse/client';
import { createActivities } from '../activities/index.js';
import type { MonitorConfig } from '../lib/config/schema.js';
import { createHttpClient } from '../lib/sources/http.js';
import { createStore } from '../lib/store/clickhouse.js';
import { migrate } from '../lib/store/migrations.js';
import { taskQueueOf } from '../lib/contract/ids.js';
import { connectOrStartTemporal, type TemporalServer } from './temporal-server.js';
import { deploymentId, upsertSchedules } from './schedules.js';
import { workerLogger } from './worker-log.js';
import { acquireDataLock, type DataLock } from './data-lock.js';

export const WORKFLOWS_PATH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../workflows/index.ts');

export interface RuntimeOptions {
  config: MonitorConfig;
  log?: (msg: string) => void;
  /** Create/update the Temporal Schedules (default true). */
  schedules?: boolean;
  /** Temporal dev server with web UI (default true). */
  ui?: boolean;
  workerOptions?: Partial<WorkerOptions>;
  /** Whose schedules and task queue these are (default: BRAND_PULSE_DEPLOYMENT, else "default"). */
  deployment?: string;
}

export interface MonitorRuntime {
  clickhouse: ClickHouseClient;
  client: Client;
  temporal: TemporalServer;
  worker: Worker;
  /** The deployment's task queue, the one this worker polls. */
  taskQueue: string;
  /** Resolves when the worker stops. */
  running: Promise<void>;
  stop(): Promise<void>;
}

let runtimeInstalled = false;

export async function startRuntime(opts: RuntimeOptions): Promise<MonitorRuntime> {
  const log = opts.log ?? ((m: string) => console.error(m));
  const { config } = opts;
  if (!runtimeInstalled) {
    // No SDK signal handlers: the process decides when to stop (worker first, then the dev server).
    CoreRuntime.install({ logger: workerLogger((process.env.LOG_LEVEL as 'INFO') ?? 'WARN'), shutdownSignals: [] });
    runtimeInstalled = true;
  }
  // The data folder holds the embedded stores: one worker at a time (checked before anything starts).
  const usesDataDir = !process.env.CLICKHOUSE_URL || !process.env.TEMPORAL_ADDRESS;
  const lock: DataLock | undefined = usesDataDir ? acquireDataLock(config.data_dir, log) : undefined;
  try {
    return await startLocked(opts, log, lock);
  } catch (e) {
    lock?.release();
    throw e;
  }
}

async function startLocked(opts: RuntimeOptions, log: (m: string) => void, lock: DataLock | undefined): Promise<MonitorRuntime> {
  const { config } = opts;
  const deployment = opts.deployment ?? deploymentId();
  const taskQueue = taskQueueOf(deployment);
  const store = createStore({ url: process.env.CLICKHOUSE_URL, dataDir: config.data_dir });
  const { applied } = await migrate(store.client);
  log(`storage: ${store.describe}${applied.length ? ` (applied ${applied.length} migrations)` : ''}`);

  const temporal = await connectOrStartTemporal({ dataDir: path.join(config.data_dir, 'temporal'), ui: opts.ui ?? true, log });
  log(`temporal: ${temporal.describe}`);
  lock?.update({ serverPid: temporal.pid, watchdogPid: temporal.watchdogPid, address: temporal.address });
  const connection = await Connection.connect({ address: temporal.address });
  const client = new Client({ connection, namespace: temporal.namespace });
  const nativeConnection = await NativeConnection.connect({ address: temporal.address });

  const activities = createActivities({
    clickhouse: store.client,
    http: createHttpClient(),
    config,
    temporal: client,
    taskQueue,
  });
  const worker = await Worker.create({
    connection: nativeConnection,
    namespace: temporal.namespace,
    taskQueue,
    workflowsPath: WORKFLOWS_PATH,
    activities,
    ...opts.workerOptions,
  });
  const running = worker.run();
  if (opts.schedules ?? true) await upsertSchedules(client, config, log, deployment);

  let stopped = false;
  return {
    clickhouse: store.client,
    client,
    temporal,
    worker,
    taskQueue,
    running,
    async stop() {
      if (stopped) return;
      stopped = true;
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running.catch(() => undefined);
      await nativeConnection.close();
      await connection.close();
      await temporal.stop();
      await store.client.close();
      lock?.release();
    },
  };
}
