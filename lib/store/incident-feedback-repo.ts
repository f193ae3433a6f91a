// What people said about a brand's incidents that detection must respect: until when the brand
// is muted, and which incidents were not incidents (false positives) so that the detector does
// not learn their windows (docs/incidents.md).
import type { ClickHouseClient } from '@clickhouse/client';
import { fromChTime, queryRows } from './clickhouse.js';

/**
 * The end of the brand's mute (epoch ms), 0 when it was never muted: the mute of its latest
 * incident (no incident opens while the brand is muted, so the latest one carries the mute in
 * force, and an unmute there lifts it; the largest over all incidents could not be lifted).
 */
export async function brandMutedUntil(client: ClickHouseClient, brand: string): Promise<number> {
  const rows = await queryRows<{ until: string }>(
    client,
    `read mute of ${brand}`,
    'SELECT argMax(muted_until, opened_at) AS until FROM incidents FINAL WHERE brand = {brand:String}',
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

/**
 * Lifts the brand's mute as of `at` in the incidents table, for a mute that outlived its
 * incident's workflow (a running incident lifts its own: the `unmute` signal). Each incident
 * whose mute still runs past `at` gets a newer row ending it then, and an `unmute` in its
 * history. Returns the incidents lifted (none: the brand was not muted).
 */
export async function liftBrandMute(client: ClickHouseClient, brand: string, by: string, at: number): Promise<string[]> {
  const params = { brand, at, by };
  const muted = await queryRows<{ incident_id: string }>(
    client,
    `find the mute of ${brand}`,
    `SELECT incident_id FROM incidents FINAL WHERE brand = {brand:String} AND muted_until > fromUnixTimestamp64Milli({at:Int64}, 'UTC')`,
    params,
  );
  if (!muted.length) return [];
  const ids = muted.map((r) => r.incident_id);
  try {
    // The row as it is with its mute ended, as a newer version (the table keeps the newest).
    await client.command({
      query: `INSERT INTO incidents
        SELECT * REPLACE (fromUnixTimestamp64Milli({at:Int64}, 'UTC') AS muted_until,
                          greatest(addMilliseconds(updated_at, 1), fromUnixTimestamp64Milli({at:Int64}, 'UTC')) AS updated_at)
        FROM incidents FINAL WHERE brand = {brand:String} AND incident_id IN {ids:Array(String)}`,
      query_params: { ...params, ids },
    });
    await client.command({
      query: `INSERT INTO incident_actions (incident_id, brand, seq, at, action, by, detail)
        SELECT incident_id, any(brand), max(seq) + 1, fromUnixTimestamp64Milli({at:Int64}, 'UTC'), 'unmute', {by:String}, 'after the incident ended'
        FROM incident_actions FINAL WHERE brand = {brand:String} AND incident_id IN {ids:Array(String)} GROUP BY incident_id`,
      query_params: { ...params, ids },
    });
  } catch (e) {
    throw new Error(`ClickHouse insert failed (lift the mute of ${brand}): ${(e as Error).message}`, { cause: e });
  }
  return ids;
}
