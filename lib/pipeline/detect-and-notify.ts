// One brand's detection tick, whole: score the buckets completed since its saved cursor, hand
// the observations to its incident workflow, save its cursor. Only ids and counts leave it, so
// the detector's state never crosses workflow history.
import { saveCursor } from '../store/cursors-repo.js';
import { detectBrand, detectorCursorId } from './detect-brand.js';
import { notifyBrand, type NotifyDeps } from './notify-incidents.js';

export interface BrandTick {
  brand: string;
  /** Buckets scored, and how many of them were anomalous. */
  scored: number;
  anomalous: number;
  signalled: boolean;
  /** The incident workflow started (or fed) by an anomalous bucket. */
  incidentWorkflowId?: string;
}

export async function detectAndNotify(deps: NotifyDeps, brand: string, now: number): Promise<BrandTick> {
  const d = await detectBrand(deps.clickhouse, deps.config, brand, now);
  if (!d) return { brand, scored: 0, anomalous: 0, signalled: false };
  const sent = await notifyBrand(deps, d);
  await saveCursor(deps.clickhouse, detectorCursorId(brand), d.cursor);
  return {
    brand,
    scored: d.observations.length,
    anomalous: d.observations.filter((o) => o.anomalous).length,
    signalled: sent.signalled,
    incidentWorkflowId: sent.started,
  };
}
