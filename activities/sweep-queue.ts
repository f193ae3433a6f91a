// Activity of the detection tick: the reply queue's sweep (lib/store/queue-repo.ts,
// resyncOwnedReplies) over the configured brands' owned replies of the last few ticks.
import type { QueueSync } from '../lib/store/queue-repo.js';
import { resyncOwnedReplies } from '../lib/store/queue-repo.js';
import type { ActivityDeps } from './deps.js';

/** At least ten minutes, and three ticks: a reply stored during a slow tick is still seen by the next. */
export const sweepSpanMs = (tickMs: number) => Math.max(10 * 60_000, 3 * tickMs);

export const sweepQueueActivity = (deps: ActivityDeps) => async (): Promise<QueueSync> => {
  const now = (deps.now?.() ?? new Date()).getTime();
  return resyncOwnedReplies(deps.clickhouse, deps.config.brands.map((b) => b.id), now - sweepSpanMs(deps.config.detection.every), now);
};
