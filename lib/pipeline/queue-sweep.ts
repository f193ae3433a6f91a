// The reply queue's sweep, run by each detection tick: the brands' owned replies fetched since
// the last sweep are synced again (lib/store/queue-repo.ts, resyncOwnedReplies), so a complaint and
// its answer whose syncs ran at once in two processes still meet. Each reply is swept once, when
// it is SETTLE_MS old (the syncs that could have missed it are over by then); where the last
// sweep reached is kept as a cursor.
import type { ClickHouseClient } from '@clickhouse/client';
import { loadCursor, saveCursor } from '../store/cursors-repo.js';
import { resyncOwnedReplies, type QueueSync } from '../store/queue-repo.js';

/** How old a reply is before it is swept: the batches stored beside it have synced by then. */
export const SETTLE_MS = 2 * 60_000;
/** How far back the first sweep of a store looks. */
export const FIRST_SPAN_MS = 10 * 60_000;

interface SweepCursor {
  /** Replies fetched before this instant (epoch ms) have been swept. */
  through: number;
}

export async function sweepQueue(clickhouse: ClickHouseClient, brands: string[], cursorId: string, now: number): Promise<QueueSync> {
  const until = now - SETTLE_MS;
  const since = (await loadCursor<SweepCursor>(clickhouse, cursorId))?.through ?? until - FIRST_SPAN_MS;
  if (until <= since) return { opened: 0, answered: 0 };
  const synced = await resyncOwnedReplies(clickhouse, brands, since, until, now);
  await saveCursor(clickhouse, cursorId, { through: until } satisfies SweepCursor);
  return synced;
}
