// Builds the activity functions with their dependencies injected (ClickHouse, HTTP, config,
// Temporal client). Each activity is a few lines over the domain in lib/, in a file of its own.
import { deliverAlertActivity, recordUndeliverableActivity } from './deliver-alert.js';
import { detectBrandActivity, detectionBrandsActivity } from './detect-brand.js';
import { collectDigestActivity, deliverDigestActivity } from './digest.js';
import type { ActivityDeps } from './deps.js';
import { detectSpikesActivity } from './detect-spikes.js';
import { liftMuteActivity } from './lift-mute.js';
import { notifyIncidentsActivity } from './notify-incidents.js';
import { pollSourceActivity } from './poll-source.js';
import { recordIncidentActivity } from './record-incident.js';
import { sweepQueueActivity } from './sweep-queue.js';

export type { ActivityDeps } from './deps.js';
export { toFailure } from './failures.js';

export function createActivities(deps: ActivityDeps) {
  return {
    pollSource: pollSourceActivity(deps),
    detectionBrands: detectionBrandsActivity(deps),
    detectBrand: detectBrandActivity(deps),
    // The tick-wide pair, for detect workflows started before per-brand detection (replay).
    detectSpikes: detectSpikesActivity(deps),
    notifyIncidents: notifyIncidentsActivity(deps),
    recordIncident: recordIncidentActivity(deps),
    deliverAlert: deliverAlertActivity(deps),
    recordUndeliverable: recordUndeliverableActivity(deps),
    collectDigest: collectDigestActivity(deps),
    deliverDigest: deliverDigestActivity(deps),
    liftMute: liftMuteActivity(deps),
    sweepQueue: sweepQueueActivity(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
