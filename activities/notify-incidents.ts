// Activity: hand a tick's observations to the brands' incident workflows (lib/pipeline/notify-incidents.ts).
import type { BrandDetection } from '../lib/pipeline/detect-brand.js';
import { notifyIncidents } from '../lib/pipeline/notify-incidents.js';
import type { ActivityDeps } from './deps.js';

export const notifyIncidentsActivity = (deps: ActivityDeps) => (detections: BrandDetection[]) => notifyIncidents(deps, detections);
