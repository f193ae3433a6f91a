// The one place the crisis benchmark touches the detector: a stream's buckets in, the incidents
// it would open out. Swap `liveDetector` for another adapter to benchmark another detector.
import { detectionSchema, type DetectionConfig } from '../../lib/config/schema.js';
import { createDetector, detectorOptionsFromConfig } from '../../lib/detection/detector.js';
import { incidentRulesFromConfig, initialIncidentState, nextIncidentState } from '../../lib/detection/incident-rules.js';
import type { BucketPoint, BucketScore, Severity } from '../../lib/detection/types.js';

export interface AdapterInput {
  points: BucketPoint[];
  bucketMs: number;
  /** Texts of the posts that arrived in bucket i (for detectors that read phrases). */
  texts: (i: number) => string[];
}

export interface OpenedIncident {
  /** When the alert can be sent: the end of its first anomalous bucket. */
  openedAt: number;
  severity: Severity;
}

export interface AdapterOutput {
  incidents: OpenedIncident[];
  /** Per-bucket scores, for traces (optional). */
  scores?: BucketScore[];
}

export type DetectorAdapter = (input: AdapterInput) => AdapterOutput;

/** The live settings (monitor.yaml defaults unless overridden). */
export function detectionSettings(overrides: Partial<DetectionConfig> = {}): DetectionConfig {
  return detectionSchema.parse(overrides);
}

/** The live path: `createDetector` over the buckets, each score through the live incident rules. */
export function liveDetector(settings: DetectionConfig = detectionSettings()): DetectorAdapter {
  return ({ points }) => {
    const detector = createDetector(detectorOptionsFromConfig(settings));
    const rules = incidentRulesFromConfig(settings);
    let state = initialIncidentState();
    const incidents: OpenedIncident[] = [];
    const scores: BucketScore[] = [];
    for (const p of points) {
      const s = detector.push(p);
      scores.push(s);
      const r = nextIncidentState(state, s, rules);
      state = r.state;
      for (const e of r.events) if (e.type === 'opened') incidents.push({ openedAt: e.at, severity: e.severity });
    }
    return { incidents, scores };
  };
}
