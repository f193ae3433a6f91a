// The patch ids of workflow changes made with patched(): running workflows and saved histories
// that took the old path keep replaying on it. Kept here so tests and tools can name them
// without loading workflow code.

/** The detect tick runs one activity per brand (before: one tick-wide pair of activities). */
export const PER_BRAND_DETECTION_PATCH = 'per-brand-detection';
/** Every alert route delivers on a lane of its own (before: all routes awaited together). */
export const ROUTE_LANES_PATCH = 'route-lanes';
/** People's actions on an incident: assign, note, resolve, false positive, mute (before: acknowledge only). */
export const INCIDENT_ACTIONS_PATCH = 'incident-actions';
/** Note, not-an-incident, mute and unmute still apply during the cooldown (before: dropped). */
export const LATE_ACTIONS_PATCH = 'late-actions';
/** The detect tick also sweeps the reply queue (owned replies synced again; before: no sweep). */
export const QUEUE_SWEEP_PATCH = 'queue-sweep';
