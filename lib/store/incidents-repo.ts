// The incidents table mirrors each incident workflow's state; alert_deliveries keeps every attempt.
import type { ClickHouseClient } from '@clickhouse/client';
import type { IncidentAction } from '../contract/incident.js';
import { chTime, insertRows } from './clickhouse.js';

export interface IncidentRecord {
  incidentId: string;
  brand: string;
  status: 'open' | 'acknowledged' | 'resolved';
  severity: string;
  openedAt: number;
  acknowledgedAt?: number;
  acknowledgedBy?: string;
  escalatedAt?: number;
  resolvedAt?: number;
  peakAt: number;
  peakNegative: number;
  baseline: number;
  score: number;
  summary: unknown;
  workflowId: string;
  /** Version of this state: newer wins in the ReplacingMergeTree. */
  updatedAt: number;
  /** Since the incident-actions patch (docs/incidents.md). */
  assignee?: string;
  resolution?: 'manual' | 'false_positive';
  resolvedBy?: string;
  mutedUntil?: number;
  /** The incident's whole history of actions (rewritten each time; rows keyed by seq). */
  actions?: IncidentAction[];
}

export async function upsertIncident(client: ClickHouseClient, r: IncidentRecord): Promise<void> {
  await insertRows(client, 'record incident', 'incidents', [
    {
      incident_id: r.incidentId,
      brand: r.brand,
      status: r.status,
      severity: r.severity,
      opened_at: chTime(r.openedAt),
      acknowledged_at: chTime(r.acknowledgedAt ?? 0),
      acknowledged_by: r.acknowledgedBy ?? '',
      escalated_at: chTime(r.escalatedAt ?? 0),
      resolved_at: chTime(r.resolvedAt ?? 0),
      peak_at: chTime(r.peakAt),
      peak_negative: r.peakNegative,
      baseline: r.baseline,
      score: r.score,
      summary: JSON.stringify(r.summary ?? {}),
      workflow_id: r.workflowId,
      updated_at: chTime(r.updatedAt),
      assignee: r.assignee ?? '',
      resolution: r.resolution ?? '',
      resolved_by: r.resolvedBy ?? '',
      muted_until: chTime(r.mutedUntil ?? 0),
    },
  ]);
  if (r.actions?.length) {
    await insertRows(
      client,
      'record incident actions',
      'incident_actions',
      r.actions.map((a) => ({ incident_id: r.incidentId, brand: r.brand, seq: a.seq, at: chTime(a.at), action: a.action, by: a.by, detail: a.detail })),
    );
  }
}

export interface DeliveryRecord {
  incidentId: string;
  brand: string;
  routeId: string;
  routeType: string;
  kind: string;
  /** One row per attempt ('sent' or 'failed'), and one 'undeliverable' row (attempt 0) when the route gave up on the alert. */
  status: 'sent' | 'failed' | 'undeliverable';
  attempt: number;
  detail: string;
  at?: Date;
}

export async function recordDelivery(client: ClickHouseClient, d: DeliveryRecord): Promise<void> {
  await insertRows(client, 'record alert delivery', 'alert_deliveries', [
    {
      incident_id: d.incidentId,
      brand: d.brand,
      route_id: d.routeId,
      route_type: d.routeType,
      kind: d.kind,
      status: d.status,
      attempt: d.attempt,
      detail: d.detail.slice(0, 2000),
      attempted_at: chTime(d.at ?? new Date()),
    },
  ]);
}
