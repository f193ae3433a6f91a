// Mention rows for store tests, as toMentionRows would build them, varied by `n`.
import { chTime } from '../../../lib/store/clickhouse.js';
import type { MentionRow } from '../../../lib/store/mention-rows.js';

export const T0 = Date.parse('2026-11-20T10:00:00Z');

export function mentionRow(n: number, over: Partial<MentionRow> = {}): MentionRow {
  const sentiments = ['negative', 'neutral', 'positive'] as const;
  return {
    brand: 'acme',
    platform: n % 4 === 0 ? 'appstore' : 'forum',
    external_id: String(n),
    source_id: 'test',
    competitor_of: '',
    matched_query: 'acme',
    text: `Acme item ${n}`,
    title: '',
    url: '',
    author_id: `u${n % 7}`,
    author_name: '',
    author_followers: n % 11,
    likes: n % 5,
    shares: n % 3,
    replies: n % 2,
    rating: n % 4 === 0 ? (n % 5) + 1 : 0,
    product: '',
    in_reply_to: '',
    thread_id: '',
    author_owned: 0,
    lang: n % 3 === 0 ? 'fr' : 'en',
    sentiment: sentiments[n % 3],
    sentiment_score: ((n % 9) - 4) / 4.1,
    sentiment_confidence: 0.9,
    sentiment_model: 'fast-en-v1',
    p_negative: n % 3 === 0 ? 0.8 : 0.1,
    needs_reply: n % 6 === 0 ? 1 : 0,
    created_at: chTime(T0 + n * 17_000),
    fetched_at: chTime(T0 + 3_600_000),
    extra: '',
    ...over,
  };
}
