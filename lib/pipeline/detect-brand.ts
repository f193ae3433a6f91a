// Detection tick: for each brand, score every bucket completed since the last tick with the
// causal detector (resuming its saved state), and collect the evidence behind anomalies.
// The detector cursor is returned, not saved: `notifyIncidents` saves it after signalling,
// so a crash in between re-sends (the incident workflow drops repeats) instead of losing.
import type { ClickHouseClient } from '@clickhouse/client';
import type { MonitorConfig } from '../config/schema.js';
import { detectionFor } from '../config/schema.js';
import { createDetector, detectorOptionsFromConfig, type DetectorState } from '../detection/detector.js';
import { brandWords, topPhrases } from '../detection/phrases.js';
import type { BucketScore } from '../detection/types.js';
import { loadCursor } from '../store/cursors-repo.js';
import { falsePositiveWindows } from '../store/incident-feedback-repo.js';
import { bucketsWithoutPolls, loadBrandBuckets, loadEvidence, streamClock } from '../store/series-repo.js';
import { sourcesOfBrand } from './source-scope.js';
import type { IncidentEvidence } from '../contract/incident.js';

export interface DetectorCursor {
  /** Start of the last scored bucket. */
  lastT: number;
  detector: DetectorState;
  /** The false positives (incident ids) whose windows the state was learned without. */
  falsePositives?: string[];
}

export interface BrandDetection {
  brand: string;
  observations: BucketScore[];
  evidence?: IncidentEvidence;
  cursor: DetectorCursor;
}

export const detectorCursorId = (brand: string) => `detector:${brand}`;
/** On a brand's first tick, history warms the baseline; only the newest buckets are reported. */
const COLD_START_REPORTED_BUCKETS = 2;
/** Cap on buckets reported in one tick (a long outage of the detector). */
const MAX_REPORTED = 500;

export async function detectBrand(
  clickhouse: ClickHouseClient,
  config: MonitorConfig,
  brandId: string,
  now: number,
): Promise<BrandDetection | undefined> {
  const settings = detectionFor(config, brandId);
  const bucket = settings.bucket;
  // Live, a bucket waits `settle` after it ends for the polls that fill it; a replay's clock is its data.
  const asOf = settings.clock === 'stream' ? await streamClock(clickhouse) : now - settings.settle;
  if (asOf === 0) return undefined;
  const end = Math.floor(asOf / bucket) * bucket; // buckets before `end` are complete
  const saved = await loadCursor<DetectorCursor>(clickhouse, detectorCursorId(brandId));
  const from = saved ? saved.lastT + bucket : Math.floor((end - settings.baseline_window) / bucket) * bucket;
  if (from >= end) return undefined;

  const warmFrom = Math.floor((end - settings.baseline_window) / bucket) * bucket;
  const falsePositives = await falsePositiveWindows(clickhouse, brandId, bucket);
  const excluded = (t: number) => falsePositives.some((w) => t >= w.from && t < w.to);
  const sources = sourcesOfBrand(config, brandId);
  const load = async (a: number, b: number) => {
    const points = await loadBrandBuckets(clickhouse, brandId, a, b, bucket);
    if (settings.clock === 'wall') {
      const missing = await bucketsWithoutPolls(clickhouse, sources, a, b, bucket);
      for (const p of points) if (missing.has(p.t)) p.missing = true;
    }
    for (const p of points) if (excluded(p.t)) p.excluded = true;
    return points;
  };
  // A false positive marked since the state was saved: learn the baseline window again without
  // its buckets (the state had learned them, slowly, as a possible wave), silently up to the
  // saved cursor; the buckets after it are scored and reported as usual.
  const applied = new Set(saved?.falsePositives ?? []);
  const relearn = saved !== undefined && falsePositives.some((w) => !applied.has(w.incidentId) && w.to > warmFrom);
  const detector = createDetector(detectorOptionsFromConfig(settings), relearn ? undefined : saved?.detector);
  if (relearn) for (const p of await load(warmFrom, from)) detector.push(p);

  const points = await load(from, end);
  const scores = points.map((p) => detector.push(p));
  const reported = (saved ? scores : scores.slice(-COLD_START_REPORTED_BUCKETS)).slice(-MAX_REPORTED);
  const cursor: DetectorCursor = {
    lastT: points[points.length - 1].t,
    detector: detector.state(),
    falsePositives: falsePositives.map((w) => w.incidentId),
  };

  let evidence: IncidentEvidence | undefined;
  const anomalous = reported.filter((s) => s.anomalous);
  if (anomalous.length) {
    const windowFrom = anomalous[0].t;
    const windowTo = reported[reported.length - 1].t + bucket;
    const e = await loadEvidence(clickhouse, brandId, windowFrom, windowTo, windowFrom - settings.baseline_window);
    const brand = config.brands.find((b) => b.id === brandId);
    evidence = {
      platforms: e.platforms,
      languages: e.languages,
      samples: e.samples,
      phrases: topPhrases(e.negativeTexts, e.baselineTexts, 8, { exclude: brand ? brandWords(brand) : [] }).map((p) => ({ phrase: p.phrase, count: p.count })),
    };
  }
  return { brand: brandId, observations: reported, evidence, cursor };
}
