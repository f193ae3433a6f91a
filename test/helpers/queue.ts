// Reply-queue test setup: a complaint and its owned reply whose syncs missed each other (as two
// workers on one ClickHouse server can), made by writing the item back as still unanswered.
import type { ClickHouseClient } from '@clickhouse/client';
import { itemsOf, writeItems } from '../../lib/store/queue-items.js';

/** Writes the mention's item again, newer, as open and without a response. */
export async function leaveUnanswered(client: ClickHouseClient, mentionId: string): Promise<void> {
  const [item] = await itemsOf(client, mentionId);
  await writeItems(client, [{ ...item, state: 'open', has_response: false, first_response_at: 0, response_mention_id: '', version: item.version + 1 }]);
}
