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
  type IncidentState,
} from '../contract/incident.js';
import { incidentWorkflowId } from '../contract/ids.js';

export type IncidentActionRequest =
  | { action: 'ack'; by: string }
  | { action: 'assign'; to: string; by: string }
  | { action: 'note'; text: string; by: string }
  | { action: 'resolve'; by: string; reason?: string }
  | { action: 'false-positive'; by: string; reason?: string }
  | { action: 'mute'; forMs?: number; until?: number; by: string };

export type IncidentActionName = IncidentActionRequest['action'];
export const INCIDENT_ACTIONS: readonly IncidentActionName[] = ['ack', 'assign', 'note', 'resolve', 'false-positive', 'mute'];

export type ActionResult =
  | { ok: true; state: IncidentState }
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

export async function sendIncidentAction(client: Client, brand: string, incidentId: string, r: IncidentActionRequest): Promise<ActionResult> {
  const problem = actionProblem(r);
  if (problem) throw new Error(`incident ${incidentId}: ${problem}`);
  const handle = client.workflow.getHandle(incidentWorkflowId(brand));
  let state: IncidentState;
  try {
    state = await handle.query(incidentStateQuery);
  } catch (e) {
    if (e instanceof WorkflowNotFoundError) return { ok: false, reason: 'not-open', message: `incident ${incidentId} of ${brand} is not open (no incident runs for the brand)` };
    throw e;
  }
  if (state.incidentId !== incidentId) return { ok: false, reason: 'not-open', message: `incident ${incidentId} of ${brand} is over (the brand's running incident is ${state.incidentId})` };
  if (state.status !== 'open' && state.status !== 'acknowledged') return { ok: false, reason: 'not-open', message: `incident ${incidentId} of ${brand} is not open (it is ${state.status})` };
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
  }
  return { ok: true, state };
}
