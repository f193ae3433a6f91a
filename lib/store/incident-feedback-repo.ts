// What people said about a brand's incidents that detection must respect: until when the brand
// is muted, and which incidents were not incidents (false positives) so that the detector does
// not learn their windows (docs/incidents.md).
import type { ClickHouseClient } from '@clickhouse/client';
import { fromChTime, queryRows } from './clickhouse.js';

/** The end of the brand's latest mute (epoch ms), 0 when it was never muted. */
export async function brandMutedUntil(client: ClickHouseClient, brand: string): Promise<number> {
  const rows = await queryRows<{ until: string }>(
    client,
    `read mute of ${brand}`,
    'SELECT max(muted_until) AS until FROM incidents FINAL WHERE brand = {brand:String}',
    { brand },
  );
  return rows.length ? fromChTime(rows[0].until).getTime() : 0;
}

export interface FalsePositiveWindow {
  incidentId: string;
  /** Start of the onset bucket, and when the incident was marked (its end). */
  from: number;
  to: number;
}

/** The brand's incidents marked not an incident, oldest first. */
export async function falsePositiveWindows(client: ClickHouseClient, brand: string, bucketMs: number): Promise<FalsePositiveWindow[]> {
  const rows = await queryRows<{ incident_id: string; opened_at: string; resolved_at: string }>(
    client,
    `read false positives of ${brand}`,
    `SELECT incident_id, opened_at, resolved_at FROM incidents FINAL
     WHERE brand = {brand:String} AND resolution = 'false_positive' ORDER BY opened_at`,
    { brand },
  );
  // An incident opens when its first anomalous bucket completes: the window starts a bucket earlier.
  return rows.map((r) => ({ incidentId: r.incident_id, from: fromChTime(r.opened_at).getTime() - bucketMs, to: fromChTime(r.resolved_at).getTime() }));
}
