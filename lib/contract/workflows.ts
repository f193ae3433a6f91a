// The workflow types, by name, checked against the functions `workflows/index.ts` exports.
// Clients, schedules and activities start workflows through these names so that nothing outside
// workflows/ loads workflow code (a type-only import costs nothing at run time), while a renamed
// or removed workflow is still a compile error here, and `WorkflowFn<'incident'>` types the
// arguments of a start exactly as passing the function would.
import type * as workflows from '../../workflows/index.js';

export const WORKFLOW_TYPES = {
  pollSource: 'pollSourceWorkflow',
  detect: 'detectWorkflow',
  incident: 'incidentWorkflow',
  digest: 'digestWorkflow',
  liftMute: 'liftMuteWorkflow',
} as const satisfies Record<string, keyof typeof workflows>;

export type WorkflowKey = keyof typeof WORKFLOW_TYPES;
/** The workflow function's type, for `client.workflow.start<WorkflowFn<'x'>>(WORKFLOW_TYPES.x, ...)`. */
export type WorkflowFn<K extends WorkflowKey> = (typeof workflows)[(typeof WORKFLOW_TYPES)[K]];
