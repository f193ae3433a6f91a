// Sends a person's action to an incident workflow: the one code path of the worker's action
// pages and the `incident` CLI. It first asks the workflow which incident it runs, so an action
// meant for an incident that has ended (or a newer one of the same brand) is refused, not
// applied to the wrong one.
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import {
  acknowledgeSignal,
  assignSignal,
  falsePositiveSignal,
  incidentStateQuery,
  muteSignal,
  noteSignal,
  resolveSignal,
  unmuteSignal,
  type IncidentState,
} from '../contract/incident.js';
import { incidentWorkflowId, liftMuteWorkflowId, TASK_QUEUE } from '../contract/ids.js';
import { WORKFLOW_TYPES, type WorkflowFn } from '../contract/workflows.js';

export type IncidentActionRequest =
  | { action: 'ack'; by: string }
  | { action: 'assign'; to: string; by: string }
  | { action: 'note'; text: string; by: string }
  | { action: 'resolve'; by: string; reason?: string }
  | { action: 'false-positive'; by: string; reason?: string }
  | { action: 'mute'; forMs?: number; until?: number; by: string }
  | { action: 'unmute'; by: string };

export type IncidentActionName = IncidentActionRequest['action'];
export const INCIDENT_ACTIONS: readonly IncidentActionName[] = ['ack', 'assign', 'note', 'resolve', 'false-positive', 'mute', 'unmute'];
/** What still applies once the incident has ended, during its cooldown. */
export const LATE_ACTIONS: readonly IncidentActionName[] = ['note', 'false-positive', 'mute', 'unmute'];

export type ActionResult =
  | { ok: true; state: IncidentState }
  /** An unmute after the incident's workflow ended, made in the incidents table by the worker. */
  | { ok: true; lifted: string[] }
  /** 'not-open': no incident runs for the brand, or another one does, or it has ended. */
  | { ok: false; reason: 'not-open'; message: string };

/** The request's own problem (a missing name or text), or undefined when it can be sent. */
export function actionProblem(r: IncidentActionRequest): string | undefined {
  if (!r.by.trim()) return 'who acts is missing (a name)';
  if (r.action === 'assign' && !r.to.trim()) return 'assign needs the name of the person (to)';
  if (r.action === 'note' && !r.text.trim()) return 'a note needs its text';
  if (r.action === 'mute' && !(r.forMs !== undefined ? r.forMs > 0 : r.until !== undefined)) return 'mute needs how long (for, e.g. 2h) or until when';
  return undefined;
}

/**
 * Signals the action to the brand's running incident. An unmute for an incident whose workflow
 * has ended (a mute outlives its incident) runs `liftMuteWorkflow` instead, on the task queue the
 * incident ran on (its history gone: the deployment's `taskQueue`), and waits for it (at most a
 * minute: a worker must be running).
 */
export async function sendIncidentAction(client: Client, brand: string, incidentId: string, r: IncidentActionRequest, taskQueue: string = TASK_QUEUE): Promise<ActionResult> {
  const problem = actionProblem(r);
  if (problem) throw new Error(`incident ${incidentId}: ${problem}`);
  const handle = client.workflow.getHandle(incidentWorkflowId(brand));
  const ended = async (message: string): Promise<ActionResult> => {
    if (r.action !== 'unmute') return { ok: false, reason: 'not-open', message };
    const ranOn = await handle.describe().then((d) => d.taskQueue, () => taskQueue);
    const at = Date.now();
    const lifted = await client.workflow.execute<WorkflowFn<'liftMute'>>(WORKFLOW_TYPES.liftMute, {
      taskQueue: ranOn,
      workflowId: liftMuteWorkflowId(brand, at),
      workflowExecutionTimeout: '1 minute',
      args: [{ brand, by: r.by.trim(), at }],
    });
    return lifted.length ? { ok: true, lifted } : { ok: false, reason: 'not-open', message: `${brand} is not muted` };
  };
  let state: IncidentState;
  try {
    state = await handle.query(incidentStateQuery);
  } catch (e) {
    if (e instanceof WorkflowNotFoundError) return ended(`incident ${incidentId} of ${brand} is not open (no incident runs for the brand)`);
    throw e;
  }
  if (state.incidentId !== incidentId) return ended(`incident ${incidentId} of ${brand} is over (the brand's running incident is ${state.incidentId})`);
  const running = state.status === 'open' || state.status === 'acknowledged';
  const late = state.status === 'cooldown' && state.lateActions === true && LATE_ACTIONS.includes(r.action);
  if (!running && !late) {
    const still = state.status === 'cooldown' && state.lateActions ? `; only ${LATE_ACTIONS.join(', ')} apply once it has ended` : '';
    return ended(`incident ${incidentId} of ${brand} is not open (it is ${state.status})${still}`);
  }
  if (r.action !== 'ack' && !state.history) return { ok: false, reason: 'not-open', message: `incident ${incidentId} of ${brand} started before incident actions existed: only ack applies` };
  const by = r.by.trim();
  switch (r.action) {
    case 'ack':
      await handle.signal(acknowledgeSignal, { by });
      break;
    case 'assign':
      await handle.signal(assignSignal, { to: r.to.trim(), by });
      break;
    case 'note':
      await handle.signal(noteSignal, { text: r.text.trim(), by });
      break;
    case 'resolve':
      await handle.signal(resolveSignal, { by, reason: r.reason });
      break;
    case 'false-positive':
      await handle.signal(falsePositiveSignal, { by, reason: r.reason });
      break;
    case 'mute':
      await handle.signal(muteSignal, { by, forMs: r.forMs, until: r.until });
      break;
    case 'unmute':
      await handle.signal(unmuteSignal, { by });
      break;
  }
  return { ok: true, state };
}
