// One brand's scheduled digest, started by its `digest:<brand>` Schedule: collect the period's
// figures, then deliver them to each route on its own (one route's failure is its own, retried
// like an alert's delivery). History carries the digest's figures once and route ids.
import { log, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { DigestInput, DigestResult } from '../lib/contract/digest.js';
import { digestId } from '../lib/contract/ids.js';
import { DELIVERY_ACTIVITY } from '../lib/alerts/delivery-policy.js';

// A handful of ClickHouse reads: quick retries; the period is fixed by the input, so a retry reads the same.
const { collectDigest } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '2 seconds', maximumInterval: '30 seconds', maximumAttempts: 5 },
});
// Rendering the charts and one transport: the alert deliveries' policy (delivery-policy.ts).
const { deliverDigest } = proxyActivities<Activities>(DELIVERY_ACTIVITY);

const MINUTE = 60_000;

export async function digestWorkflow(input: DigestInput): Promise<DigestResult> {
  // Date.now() is the workflow's start time here (deterministic): the Schedule's tick, to the minute.
  const end = input.end ?? Math.floor(Date.now() / MINUTE) * MINUTE;
  const id = digestId(input.brand, end);
  const collected = await collectDigest({ brand: input.brand, end });
  if (!collected) return { digestId: id, sent: [], failed: [], skipped: true };
  const { digest, routes } = collected;
  const outcomes = await Promise.allSettled(routes.map((routeId) => deliverDigest({ routeId, digest })));
  outcomes.forEach((o, i) => o.status === 'rejected' && log.warn('digest route gave up', { routeId: routes[i], digestId: id, error: String(o.reason) }));
  return {
    digestId: id,
    sent: routes.filter((_, i) => outcomes[i].status === 'fulfilled'),
    failed: routes.filter((_, i) => outcomes[i].status === 'rejected'),
  };
}
