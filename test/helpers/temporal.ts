// Connects tests to the run's real Temporal dev server and builds workers on private task
// queues, with the workflow code bundled once per test file.
import { inject } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import {
  bundleWorkflowCode,
  NativeConnection,
  Worker,
  Runtime,
  DefaultLogger,
  makeTelemetryFilterString,
  type Logger,
  type LogLevel,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { WORKFLOWS_PATH } from '../../workers/runtime.js';

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
let installed = false;

export function workflowBundle() {
  bundle ??= bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: new DefaultLogger('WARN') });
  return bundle;
}

/**
 * The first call installs the process's Runtime with `logger` (default: WARN and above to stderr),
 * and with `coreLogs`, the SDK core's own log lines from that level up to the same logger (by
 * default core writes WARN and above straight to stderr).
 */
export async function temporalClient(opts: { logger?: Logger; coreLogs?: LogLevel } = {}): Promise<{ client: Client; connection: Connection; native: NativeConnection }> {
  if (!installed) {
    const logging = opts.coreLogs ? { forward: {}, filter: makeTelemetryFilterString({ core: opts.coreLogs, other: opts.coreLogs }) } : undefined;
    Runtime.install({ logger: opts.logger ?? new DefaultLogger('WARN'), ...(logging ? { telemetryOptions: { logging } } : {}) });
    installed = true;
  }
  const address = inject('temporalAddress');
  const connection = await Connection.connect({ address });
  const native = await NativeConnection.connect({ address });
  return { client: new Client({ connection }), connection, native };
}

export async function createTestWorker(native: NativeConnection, taskQueue: string, activities: object): Promise<Worker> {
  return Worker.create({ connection: native, taskQueue, workflowBundle: await workflowBundle(), activities });
}

export const uniqueQueue = (name: string) => `${name}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
