// Hands detection's observations to the brands' incident workflows, then saves the detector
// cursor: after signalling, so a crash in between re-sends (the incident workflow drops
// repeats) instead of losing an observation.
import type { ClickHouseClient } from '@clickhouse/client';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { MonitorConfig } from '../config/schema.js';
import { detectionFor } from '../config/schema.js';
import { saveCursor } from '../store/cursors-repo.js';
import { brandMutedUntil } from '../store/incident-feedback-repo.js';
import { detectorCursorId, type BrandDetection } from './detect-brand.js';
import { incidentId, incidentWorkflowId, taskQueueIn } from '../contract/ids.js';
import { observeSignal, type IncidentInput, type ObservationBatch } from '../contract/incident.js';
import { WORKFLOW_TYPES, type WorkflowFn } from '../contract/workflows.js';

export interface NotifyDeps {
  clickhouse: ClickHouseClient;
  config: MonitorConfig;
  temporal: Client;
  /** Task queue of the incident workflows (default TASK_QUEUE). */
  taskQueue?: string;
}

export function incidentInput(deps: NotifyDeps, brandId: string, openedAt: number): IncidentInput {
  const brand = deps.config.brands.find((b) => b.id === brandId)!;
  const d = detectionFor(deps.config, brandId);
  return {
    brand: brandId,
    brandName: brand.name,
    incidentId: incidentId(brandId, openedAt),
    routes: brand.routes ?? deps.config.alerts.default_routes,
    escalationRoutes: brand.escalation_routes ?? deps.config.alerts.escalation_routes,
    settings: {
      bucketMs: d.bucket,
      resolveAfterMs: d.resolve_after,
      cooldownMs: d.cooldown,
      updateEveryMs: d.update_every,
      escalateAfterMs: d.escalate_after,
      clock: d.clock,
    },
    links: { grafanaBase: deps.config.links.grafana_url, temporalBase: deps.config.links.temporal_ui_url },
  };
}

/**
 * One brand's observations to its incident workflow: signal-with-start when a bucket is
 * anomalous (opens one, or feeds the running one), a plain signal otherwise (only a running
 * incident cares). Says whether a workflow was signalled, and which one was started.
 */
export async function notifyBrand(deps: NotifyDeps, d: Pick<BrandDetection, 'brand' | 'observations' | 'evidence'>): Promise<{ signalled: boolean; started?: string }> {
  const batch: ObservationBatch = { observations: d.observations, evidence: d.evidence };
  const firstAnomaly = d.observations.find((o) => o.anomalous);
  const workflowId = incidentWorkflowId(d.brand);
  // A muted brand opens no new incident (a running one still hears its observations).
  const opensAt = firstAnomaly ? firstAnomaly.t + detectionFor(deps.config, d.brand).bucket : 0;
  if (firstAnomaly && opensAt >= (await brandMutedUntil(deps.clickhouse, d.brand))) {
    const handle = await deps.temporal.workflow.signalWithStart<WorkflowFn<'incident'>, [ObservationBatch]>(WORKFLOW_TYPES.incident, {
      workflowId,
      taskQueue: taskQueueIn(deps),
      args: [incidentInput(deps, d.brand, opensAt)],
      signal: observeSignal,
      signalArgs: [batch],
    });
    return { signalled: true, started: handle.workflowId };
  }
  if (!d.observations.length) return { signalled: false };
  try {
    await deps.temporal.workflow.getHandle(workflowId).signal(observeSignal, batch);
    return { signalled: true };
  } catch (e) {
    if (!(e instanceof WorkflowNotFoundError)) throw e; // no running incident: nothing to tell
    return { signalled: false };
  }
}

/** Every brand's observations of a tick, then the detector cursors (the tick-wide form kept for ticks started before per-brand detection). */
export async function notifyIncidents(deps: NotifyDeps, detections: BrandDetection[]): Promise<{ signalled: number; started: string[] }> {
  let signalled = 0;
  const started: string[] = [];
  for (const d of detections) {
    const r = await notifyBrand(deps, d);
    if (r.signalled) signalled++;
    if (r.started) started.push(r.started);
    await saveCursor(deps.clickhouse, detectorCursorId(d.brand), d.cursor);
  }
  return { signalled, started };
}
