// For the tests that drive the incident workflow: observations of a wave, and the real receivers
// it alerts (a Slack-like HTTP server, an SMTP server) with the store and a Temporal client,
// started before the describe block's tests and closed after them.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import type { Logger, LogLevel } from '@temporalio/worker';
import { afterAll, beforeAll } from 'vitest';
import { parseConfig } from '../../lib/config/load.js';
import { detectionFor, type MonitorConfig } from '../../lib/config/schema.js';
import { observeSignal, type IncidentState, type ObservationBatch } from '../../lib/contract/incident.js';
import { incidentWorkflowId } from '../../lib/contract/ids.js';
import { WORKFLOW_TYPES, type WorkflowFn } from '../../lib/contract/workflows.js';
import type { BucketScore } from '../../lib/detection/types.js';
import { incidentInput, type NotifyDeps } from '../../lib/pipeline/notify-incidents.js';
import { startRecordedServer, type RecordedServer } from './recorded-server.js';
import { startSmtpSink, type SmtpSink, type SmtpSinkOptions } from './smtp-sink.js';
import { createTestStore, type TestStore } from './store.js';
import { temporalClient } from './temporal.js';

export const INCIDENT_T0 = Date.parse('2026-11-22T10:00:00Z');

/** A 5-minute bucket `minutes` after INCIDENT_T0, against a baseline of 2. */
export const obs = (minutes: number, value: number, anomalous: boolean): BucketScore => ({
  t: INCIDENT_T0 + minutes * 60_000,
  value,
  baseline: 2,
  upper: 5,
  score: anomalous ? 0.95 : 0.1,
  severity: anomalous ? (value >= 50 ? 'high' : 'medium') : 'none',
  anomalous,
});

/**
 * One brand (Acme Cloud) on the stream clock (5-minute buckets, resolved after 15 quiet minutes,
 * 30 minutes of cooldown, updates every 10 minutes, no escalation for a day unless `detection`
 * says otherwise), with the given `alerts:` body (YAML lines indented by two spaces).
 */
export function incidentConfig(brand: string, alerts: string, opts: { server?: string; detection?: string } = {}): MonitorConfig {
  return parseConfig(
    `${opts.server ? `server: ${opts.server}\n` : ''}brands:
  - { id: ${brand}, name: Acme Cloud, queries: [acme] }
sources:
  - { id: unused, type: hackernews }
detection: ${opts.detection ?? '{ bucket: 5m, resolve_after: 15m, cooldown: 30m, update_every: 10m, escalate_after: 1d, clock: stream }'}
alerts:
${alerts}
`,
    `${brand}.yaml`,
  );
}

/** A file route's path in a fresh folder, and the kinds of the alerts appended to it so far. */
export function alertsFile(): { path: string; kinds(): string[] } {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'brand-pulse-alerts-')), 'alerts.jsonl');
  return {
    path: file,
    kinds: () => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { alert: { kind: string } }).alert.kind) : []),
  };
}

export interface IncidentHarness {
  slack: RecordedServer;
  smtp: SmtpSink;
  store: TestStore;
  temporal: Awaited<ReturnType<typeof temporalClient>>;
  /** Opens the brand's incident as detection does: signal-with-start with its first observations. */
  open(deps: NotifyDeps & { taskQueue: string }, brand: string, batch: ObservationBatch): Promise<WorkflowHandle<WorkflowFn<'incident'>>>;
  signal(brand: string, batch: ObservationBatch): Promise<void>;
  /** The incident workflow's result (it ends after the cooldown). */
  result(brand: string): Promise<IncidentState>;
}

/** The receivers, store and client for the enclosing describe block; `logger` and `coreLogs` as in temporalClient (the first install wins). */
export function useIncidentHarness(opts: { smtp?: SmtpSinkOptions; logger?: Logger; coreLogs?: LogLevel } = {}): IncidentHarness {
  let h: Omit<IncidentHarness, 'open' | 'signal' | 'result'> | undefined;
  beforeAll(async () => {
    const temporal = await temporalClient({ logger: opts.logger, coreLogs: opts.coreLogs });
    h = { temporal, slack: await startRecordedServer(), smtp: await startSmtpSink(opts.smtp), store: await createTestStore() };
  });
  afterAll(async () => {
    await h?.slack.close();
    await h?.smtp.close();
    await h?.temporal.connection.close();
    await h?.temporal.native.close();
  });
  const running = () => {
    if (!h) throw new Error('the incident harness is not started (use it inside a test)');
    return h;
  };
  return {
    get slack() {
      return running().slack;
    },
    get smtp() {
      return running().smtp;
    },
    get store() {
      return running().store;
    },
    get temporal() {
      return running().temporal;
    },
    open: (deps, brand, batch) =>
      running().temporal.client.workflow.signalWithStart<WorkflowFn<'incident'>, [ObservationBatch]>(WORKFLOW_TYPES.incident, {
        workflowId: incidentWorkflowId(brand),
        taskQueue: deps.taskQueue,
        args: [incidentInput(deps, brand, batch.observations.find((o) => o.anomalous)!.t + detectionFor(deps.config, brand).bucket)],
        signal: observeSignal,
        signalArgs: [batch],
      }),
    signal: (brand, batch) => running().temporal.client.workflow.getHandle(incidentWorkflowId(brand)).signal(observeSignal, batch),
    result: (brand) => running().temporal.client.workflow.getHandle<WorkflowFn<'incident'>>(incidentWorkflowId(brand)).result(),
  };
}
