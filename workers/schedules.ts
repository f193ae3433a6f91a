// Creates or updates, idempotently, one Schedule per polled source and one for detection,
// and one per brand's digest (digest-schedules.ts), from the config; deletes the poll and digest
// schedules the config no longer has. Each schedule's memo names the deployment that owns it
// (BRAND_PULSE_DEPLOYMENT, default "default"): a worker updates and deletes only its own, so
// deployments sharing a namespace leave each other alone; each deployment has its own task queue
// and detection schedule (lib/contract/ids.ts), so its work runs on its own workers.
import { ScheduleNotFoundError, ScheduleOverlapPolicy, type Client, type ScheduleOptions } from '@temporalio/client';
import type { MonitorConfig } from '../lib/config/schema.js';
import { DEFAULT_DEPLOYMENT, detectScheduleId, detectWorkflowId, digestScheduleId, pollScheduleId, pollWorkflowIdPrefix, taskQueueOf } from '../lib/contract/ids.js';
import { WORKFLOW_TYPES } from '../lib/contract/workflows.js';
import { hasTrait } from '../lib/sources/registry.js';
import { digestSchedules } from './digest-schedules.js';

const DEPLOYMENT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export function deploymentId(env: NodeJS.ProcessEnv = process.env): string {
  const id = env.BRAND_PULSE_DEPLOYMENT?.trim() || DEFAULT_DEPLOYMENT;
  if (!DEPLOYMENT_PATTERN.test(id)) throw new Error(`BRAND_PULSE_DEPLOYMENT="${id}" is not a deployment id (letters, digits, "_", "." and "-")`);
  return id;
}

/** Schedules created before deployments were recorded belong to the default one. */
const ownerOf = (memo: Record<string, unknown> | undefined): string => (typeof memo?.deployment === 'string' ? memo.deployment : DEFAULT_DEPLOYMENT);

export function desiredSchedules(config: MonitorConfig, deployment: string = DEFAULT_DEPLOYMENT): ScheduleOptions[] {
  const polls: ScheduleOptions[] = config.sources
    // Sources pushed to us (the ingest endpoint) have nothing to poll.
    .filter((s) => s.enabled && !hasTrait(s.type, 'push'))
    .map((s) => ({
      scheduleId: pollScheduleId(s.id),
      spec: { intervals: [{ every: s.every }] },
      action: {
        type: 'startWorkflow',
        workflowType: WORKFLOW_TYPES.pollSource,
        args: [{ sourceId: s.id }],
        taskQueue: taskQueueOf(deployment),
        workflowId: pollWorkflowIdPrefix(s.id),
      },
      // A slow poll is never run twice at once; after downtime, one catch-up poll is enough
      // because the cursor, not the schedule, says where to resume.
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: Math.max(60_000, s.every * 2) },
      memo: { source_type: s.type, deployment },
    }));
  const detect: ScheduleOptions = {
    scheduleId: detectScheduleId(deployment),
    spec: { intervals: [{ every: config.detection.every }] },
    action: { type: 'startWorkflow', workflowType: WORKFLOW_TYPES.detect, args: [], taskQueue: taskQueueOf(deployment), workflowId: detectWorkflowId(deployment) },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: Math.max(60_000, config.detection.every * 2) },
    memo: { deployment },
  };
  return [...polls, detect, ...digestSchedules(config, deployment)];
}

export async function upsertSchedules(
  client: Client,
  config: MonitorConfig,
  log: (m: string) => void = () => undefined,
  deployment: string = deploymentId(),
): Promise<void> {
  const desired = desiredSchedules(config, deployment);
  for (const opts of desired) {
    const handle = client.schedule.getHandle(opts.scheduleId);
    try {
      const owner = ownerOf((await handle.describe()).memo);
      if (owner !== deployment) {
        log(`schedule ${opts.scheduleId} belongs to deployment "${owner}"; left as is (this is "${deployment}": give it other source ids or a namespace of its own)`);
        continue;
      }
      await handle.update((prev) => ({ ...prev, spec: opts.spec, action: opts.action, policies: { ...prev.policies, ...opts.policies } }));
      log(`schedule ${opts.scheduleId} updated`);
    } catch (e) {
      if (!(e instanceof ScheduleNotFoundError)) throw e;
      await client.schedule.create(opts);
      log(`schedule ${opts.scheduleId} created`);
    }
  }
  const wanted = new Set(desired.map((d) => d.scheduleId));
  for await (const s of client.schedule.list()) {
    const ours = [pollScheduleId(''), digestScheduleId('')].some((prefix) => s.scheduleId.startsWith(prefix)) && ownerOf(s.memo) === deployment;
    if (ours && !wanted.has(s.scheduleId)) {
      // The list lags: another worker of the deployment (a restart overlapping) may have deleted it already.
      const gone = await client.schedule
        .getHandle(s.scheduleId)
        .delete()
        .then(
          () => true,
          (e: unknown) => {
            if (e instanceof ScheduleNotFoundError) return false;
            throw e;
          },
        );
      if (gone) log(`schedule ${s.scheduleId} deleted (${s.scheduleId.startsWith(pollScheduleId('')) ? 'source' : 'digest'} no longer configured)`);
    }
  }
}

export async function pauseSchedules(client: Client, config: MonitorConfig, note: string): Promise<void> {
  for (const opts of desiredSchedules(config, deploymentId())) await client.schedule.getHandle(opts.scheduleId).pause(note).catch(() => undefined);
}
