// One detection tick, started by the `detect` Schedule: score new buckets, then hand the
// observations to the brands' incident workflows.
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';

// Both are short reads/writes against ClickHouse and Temporal: retry quickly, a handful of times;
// the next tick picks up from the saved detector cursor anyway.
const { detectSpikes, notifyIncidents } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '2 seconds', maximumInterval: '30 seconds', maximumAttempts: 5 },
});

export async function detectWorkflow(): Promise<{ brands: number; anomalous: number; signalled: number }> {
  const detections = await detectSpikes();
  if (detections.length === 0) return { brands: 0, anomalous: 0, signalled: 0 };
  const { signalled } = await notifyIncidents(detections);
  return {
    brands: detections.length,
    anomalous: detections.reduce((n, d) => n + d.observations.filter((o) => o.anomalous).length, 0),
    signalled,
  };
}
