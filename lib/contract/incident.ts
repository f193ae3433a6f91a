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
  /** Since the incident-actions patch: who the incident is assigned to. */
  assignee?: string;
  /** How it ended when a person ended it: 'manual' (resolved by hand) or 'false_positive' (not an incident). */
  resolution?: 'manual' | 'false_positive';
  /** The brand is muted until then (epoch ms, the incident's clock): no new incident opens before. */
  mutedUntil?: number;
  /** Who resolved it by hand or marked it not an incident. */
  resolvedBy?: string;
  /** Every action people took on the incident, oldest first (acknowledge included). */
  history?: IncidentAction[];
  /**
   * Since the late-actions patch, set when the cooldown starts: a note, not-an-incident, mute and
   * unmute still apply while it lasts (before: every action was refused once it had ended).
   */
  lateActions?: boolean;
}

export type IncidentActionKind = 'acknowledge' | 'assign' | 'note' | 'resolve' | 'false_positive' | 'mute' | 'unmute';

/** One action on an incident, as shown by the state query and stored in incident_actions. */
export interface IncidentAction {
  /** Position in the incident's history (the row key in incident_actions: a retried insert replaces itself). */
  seq: number;
  at: number;
  action: IncidentActionKind;
  by: string;
  /** What the action said: the assignee, the note, the reason, the mute's end (ISO). */
  detail: string;
}

export const observeSignal = defineSignal<[ObservationBatch]>('observe');
export const acknowledgeSignal = defineSignal<[{ by: string }]>('acknowledge');
export const assignSignal = defineSignal<[{ to: string; by: string }]>('assign');
export const noteSignal = defineSignal<[{ text: string; by: string }]>('note');
export const resolveSignal = defineSignal<[{ by: string; reason?: string }]>('resolve');
export const falsePositiveSignal = defineSignal<[{ by: string; reason?: string }]>('falsePositive');
/** `until` (epoch ms) or `forMs` (from the incident's now); the brand stays muted after the incident ends. */
export const muteSignal = defineSignal<[{ until?: number; forMs?: number; by: string }]>('mute');
/** Lifts the brand's mute now (a mute can be lifted early, not only extended). */
export const unmuteSignal = defineSignal<[{ by: string }]>('unmute');
export const incidentStateQuery = defineQuery<IncidentState>('state');
