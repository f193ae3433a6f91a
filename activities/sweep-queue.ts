// Activity of the detection tick: the reply queue's sweep (lib/pipeline/queue-sweep.ts) over the
// configured brands, with a cursor of the deployment's own (its task queue names it).
import { queueSweepCursorId, taskQueueIn } from '../lib/contract/ids.js';
import { sweepQueue } from '../lib/pipeline/queue-sweep.js';
import type { QueueSync } from '../lib/store/queue-repo.js';
import { nowMs, type ActivityDeps } from './deps.js';

export const sweepQueueActivity = (deps: ActivityDeps) => (): Promise<QueueSync> =>
  sweepQueue(deps.clickhouse, deps.config.brands.map((b) => b.id), queueSweepCursorId(taskQueueIn(deps)), nowMs(deps));
