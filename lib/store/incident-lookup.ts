// Reads one incident's latest recorded state (for chart links served by the worker).
import type { ClickHouseClient } from '@clickhouse/client';
import { fromChTime, queryRows } from './clickhouse.js';

export interface IncidentTimes {
  brand: string;
  openedAt: number;
  peakAt: number;
  resolvedAt?: number;
}

export async function incidentTimes(client: ClickHouseClient, brand: string, incidentId: string): Promise<IncidentTimes | undefined> {
  const rows = await queryRows<{ opened_at: string; peak_at: string; resolved_at: string }>(
    client,
    'read incident times',
    'SELECT opened_at, peak_at, resolved_at FROM incidents FINAL WHERE brand = {brand:String} AND incident_id = {id:String}',
    { brand, id: incidentId },
  );
  if (!rows.length) return undefined;
  const resolved = fromChTime(rows[0].resolved_at).getTime();
  return { brand, openedAt: fromChTime(rows[0].opened_at).getTime(), peakAt: fromChTime(rows[0].peak_at).getTime(), resolvedAt: resolved > 0 ? resolved : undefined };
}

export interface IncidentRow {
  incidentId: string;
  brand: string;
  status: string;
}

/** Which brand an incident belongs to and its recorded status (the CLI's lookup); undefined when unknown. */
export async function findIncident(client: ClickHouseClient, incidentId: string): Promise<IncidentRow | undefined> {
  const rows = await queryRows<{ brand: string; status: string }>(
    client,
    'find incident',
    'SELECT brand, status FROM incidents FINAL WHERE incident_id = {id:String} LIMIT 1',
    { id: incidentId },
  );
  return rows.length ? { incidentId, brand: rows[0].brand, status: rows[0].status } : undefined;
}
