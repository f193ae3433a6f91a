// Every task queue, schedule id and workflow id is built here, never spelled inline.
export const TASK_QUEUE = 'brand-pulse';

export const pollScheduleId = (sourceId: string) => `poll:${sourceId}`;
export const detectScheduleId = () => 'detect';
/** Each tick's workflow id (the Schedule appends its own timestamp). */
export const detectWorkflowId = () => 'detect';
export const pollWorkflowIdPrefix = (sourceId: string) => `poll:${sourceId}`;
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
