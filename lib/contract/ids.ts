// Every task queue, schedule id and workflow id is built here, never spelled inline.
export const TASK_QUEUE = 'brand-pulse';
/** The deployment a worker serves when BRAND_PULSE_DEPLOYMENT is not set. */
export const DEFAULT_DEPLOYMENT = 'default';

/**
 * Each deployment polls its own task queue: deployments sharing a namespace have their own
 * configs, so a poll, tick or digest must run on a worker of the deployment that scheduled it.
 * The default deployment keeps the queue it always had.
 */
export const taskQueueOf = (deployment: string = DEFAULT_DEPLOYMENT) => (deployment === DEFAULT_DEPLOYMENT ? TASK_QUEUE : `${TASK_QUEUE}.${deployment}`);
/** The task queue a worker's activities were given, else the default deployment's. */
export const taskQueueIn = (deps: { taskQueue?: string }) => deps.taskQueue ?? TASK_QUEUE;

export const pollScheduleId = (sourceId: string) => `poll:${sourceId}`;
/** One detection tick per deployment (each ticks over its own brands); the default keeps `detect`. */
export const detectScheduleId = (deployment: string = DEFAULT_DEPLOYMENT) => (deployment === DEFAULT_DEPLOYMENT ? 'detect' : `detect:${deployment}`);
/** Each tick's workflow id (the Schedule appends its own timestamp). */
export const detectWorkflowId = (deployment: string = DEFAULT_DEPLOYMENT) => detectScheduleId(deployment);
export const pollWorkflowIdPrefix = (sourceId: string) => `poll:${sourceId}`;
/** Where the reply queue's sweep reached, one per deployment (named by its task queue). */
export const queueSweepCursorId = (taskQueue: string) => `queue-sweep:${taskQueue}`;
/** One incident workflow per brand at a time: signal-with-start targets it by this id. */
export const incidentWorkflowId = (brand: string) => `incident:${brand}`;
/** An incident's own id: the brand and the bucket where it opened. */
export const incidentId = (brand: string, openedAt: number) => `${brand}-${new Date(openedAt).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}`;
/** The brand an incident id names (the inverse of incidentId), or undefined when it is not one. */
export const brandOfIncidentId = (id: string) => /^(.+)-\d{8}T\d{6}Z$/.exec(id)?.[1];
/** One Schedule per brand with a digest; each run's workflow id starts with the same (the Schedule appends its timestamp). */
/** One per unmute request: a repeated request is a new lift (it finds nothing left to lift). */
export const liftMuteWorkflowId = (brand: string, at: number) => `unmute:${brand}:${at}`;
export const digestScheduleId = (brand: string) => `digest:${brand}`;
export const digestWorkflowId = (brand: string) => `digest:${brand}`;
/** A digest's own id (its deliveries are recorded under it): the brand and the period's end. */
export const digestId = (brand: string, end: number) => `digest-${brand}-${new Date(end).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}`;
