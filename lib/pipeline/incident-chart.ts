// The incident chart: negative volume and the detector's baseline around the incident, read
// from the rollup and rendered to PNG (email attaches it; the worker's endpoint serves it).
import type { ClickHouseClient } from '@clickhouse/client';
import type { Alert } from '../alerts/alert.js';
import { renderIncidentChart } from '../alerts/chart.js';
import type { MonitorConfig } from '../config/schema.js';
import { detectionFor } from '../config/schema.js';
import { createDetector, detectorOptionsFromConfig } from '../detection/detector.js';
import { loadBrandBuckets } from '../store/series-repo.js';

export interface ChartDeps {
  clickhouse: ClickHouseClient;
  config: MonitorConfig;
}

export type ChartSubject = Pick<Alert, 'brand' | 'brandName' | 'openedAt' | 'peakAt' | 'resolvedAt'>;

/** Chart of the incident: negative volume and the detector's baseline, a few hours either side. */
export async function incidentChart(deps: ChartDeps, alert: ChartSubject): Promise<Buffer | undefined> {
  const d = detectionFor(deps.config, alert.brand);
  const end = (alert.resolvedAt ?? alert.peakAt + d.bucket) + 2 * 3600_000;
  const from = alert.openedAt - 12 * 3600_000;
  const warmFrom = from - Math.min(d.baseline_window, 3 * 86_400_000);
  const points = await loadBrandBuckets(deps.clickhouse, alert.brand, warmFrom, end, d.bucket);
  if (!points.length) return undefined;
  const det = createDetector(detectorOptionsFromConfig(d));
  const scored = points.map((p) => ({ p, s: det.push(p) })).filter(({ p }) => p.t >= from);
  return renderIncidentChart({
    title: `${alert.brandName}: negative mentions per ${Math.round(d.bucket / 60_000)} min`,
    points: scored.map(({ p, s }) => ({ t: p.t, value: p.negative, baseline: s.baseline })),
    openedAt: alert.openedAt,
    resolvedAt: alert.resolvedAt,
  });
}

