// One detection tick, started by the `detect` Schedule: one activity per brand, each scoring
// its new buckets, signalling its incident workflow and saving its own state; the workflow
// carries only brand ids and counts. Then the reply queue's sweep (activities/sweep-queue.ts).
import { log, patched, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { DetectResult } from '../lib/contract/detect.js';
import { PER_BRAND_DETECTION_PATCH, QUEUE_SWEEP_PATCH } from '../lib/contract/patches.js';

// Short reads/writes against ClickHouse and Temporal: retry quickly, a handful of times; the
// next tick picks up from the saved detector cursor anyway.
const { detectionBrands, detectBrand, detectSpikes, notifyIncidents } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '2 seconds', maximumInterval: '30 seconds', maximumAttempts: 5 },
});
// The sweep never holds up the next tick's detection (ticks do not overlap): one attempt; what
// it did not reach, the next tick's sweep does (its cursor moves only on success).
const { sweepQueue } = proxyActivities<Activities>({ startToCloseTimeout: '1 minute', retry: { maximumAttempts: 1 } });

export async function detectWorkflow(): Promise<DetectResult> {
  if (patched(PER_BRAND_DETECTION_PATCH)) {
    const brands = await detectionBrands();
    // One brand's failure is its own: the others still score and alert.
    const ticks = await Promise.allSettled(brands.map((brand) => detectBrand({ brand })));
    const done = ticks.flatMap((t) => (t.status === 'fulfilled' ? [t.value] : []));
    ticks.forEach((t, i) => t.status === 'rejected' && log.warn('brand detection failed', { brand: brands[i], error: String(t.reason) }));
    const result: DetectResult = {
      brands: done.filter((t) => t.scored > 0).length,
      anomalous: done.reduce((n, t) => n + t.anomalous, 0),
      signalled: done.filter((t) => t.signalled).length,
      failed: ticks.length - done.length,
    };
    if (!patched(QUEUE_SWEEP_PATCH)) return result;
    // After detection (the alerts come first); a failed sweep is the next tick's to redo.
    try {
      return { ...result, answered: (await sweepQueue()).answered };
    } catch (e) {
      log.warn('reply queue sweep failed', { error: String(e) });
      return result;
    }
  }
  const detections = await detectSpikes();
  if (detections.length === 0) return { brands: 0, anomalous: 0, signalled: 0 };
  const { signalled } = await notifyIncidents(detections);
  return {
    brands: detections.length,
    anomalous: detections.reduce((n, d) => n + d.observations.filter((o) => o.anomalous).length, 0),
    signalled,
  };
}
