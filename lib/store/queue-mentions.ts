// Converter beside the queue repository: a stored mention row as the reply queue reads it. Pure.
import type { QueueMention } from '../care/queue-rules.js';
import { fromChTime } from './clickhouse.js';
import type { MentionRow } from './mention-rows.js';

/** The mention columns the queue reads. */
export const QUEUE_MENTION_COLUMNS = ['brand', 'platform', 'external_id', 'source_id', 'thread_id', 'in_reply_to', 'created_at', 'needs_reply', 'author_owned', 'competitor_of'] as const;

export function queueMentionOf(r: Pick<MentionRow, (typeof QUEUE_MENTION_COLUMNS)[number]>): QueueMention {
  return {
    brand: r.brand,
    platform: r.platform,
    external_id: r.external_id,
    source_id: r.source_id,
    thread_id: r.thread_id,
    in_reply_to: r.in_reply_to,
    created_at: fromChTime(r.created_at).getTime(),
    needs_reply: r.needs_reply === 1,
    author_owned: r.author_owned === 1,
    own_brand: r.competitor_of === '',
  };
}
