// The incident workflow's public surface: its input, signals and query. Imported by the
// workflow, by the activity that signals it and by clients; no I/O here.
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { Alert, Phrase, SamplePost } from '../alerts/alert.js';
import type { BucketScore, WindowEvidence } from '../detection/types.js';

export interface IncidentSettings {
  bucketMs: number;
  resolveAfterMs: number;
  cooldownMs: number;
  updateEveryMs: number;
  escalateAfterMs: number;
  /** 'stream': time advances with the observations (replays); 'wall': with the clock. */
  clock: 'wall' | 'stream';
}

export interface IncidentInput {
  brand: string;
  brandName: string;
  incidentId: string;
  routes: string[];
  escalationRoutes: string[];
  settings: IncidentSettings;
  links: { grafanaBase: string; temporalBase: string };
}

export interface IncidentEvidence {
  platforms: string[];
  languages: string[];
  phrases: Phrase[];
  samples: SamplePost[];
}

export interface ObservationBatch {
  observations: BucketScore[];
  /** Present when the batch holds an anomalous bucket. */
  evidence?: IncidentEvidence;
}

export type IncidentStatus = 'open' | 'acknowledged' | 'resolved' | 'cooldown';

export interface IncidentState {
  incidentId: string;
  brand: string;
  status: IncidentStatus;
  severity: string;
  openedAt: number;
  peakAt: number;
  peakNegative: number;
  lastNegative: number;
  baseline: number;
  score: number;
  acknowledgedAt?: number;
  acknowledgedBy?: string;
  escalatedAt?: number;
  resolvedAt?: number;
  /** Data time of the newest observation. */
  lastObservedAt: number;
  alertsSent: { kind: Alert['kind']; routeId: string; ok: boolean }[];
  /** The strongest window of the latest anomalous observation: what the alerts explain. */
  trigger?: WindowEvidence;
  evidence: IncidentEvidence;
}

export const observeSignal = defineSignal<[ObservationBatch]>('observe');
export const acknowledgeSignal = defineSignal<[{ by: string }]>('acknowledge');
export const incidentStateQuery = defineQuery<IncidentState>('state');
