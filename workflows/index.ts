// The worker's workflowsPath: every workflow, re-exported.
export { pollSourceWorkflow } from './poll-source.js';
export { detectWorkflow } from './detect.js';
export { incidentWorkflow } from './incident.js';
export { digestWorkflow } from './digest.js';
export { liftMuteWorkflow } from './lift-mute.js';
