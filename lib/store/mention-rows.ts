// Turns an analysed canonical mention into `mentions` rows (one per matched brand). Pure.
import type { Analysis } from '../analysis/types.js';
import type { BrandMatch } from '../analysis/brand-match.js';
import { nativeId, type Mention, mentionSchema } from '../mention/mention.js';
import { wellFormed } from '../mention/well-formed.js';
import { threadOf } from '../care/queue-rules.js';
import { chTime } from './clickhouse.js';

export interface MentionRow {
  brand: string;
  platform: string;
  external_id: string;
  source_id: string;
  competitor_of: string;
  matched_query: string;
  text: string;
  title: string;
  url: string;
  author_id: string;
  author_name: string;
  author_followers: number;
  likes: number;
  shares: number;
  replies: number;
  rating: number;
  product: string;
  in_reply_to: string;
  /** The thread, as `platform:id` (see lib/care/queue-rules.ts threadOf). */
  thread_id: string;
  /** 1 when one of the row's brand's own accounts wrote it. */
  author_owned: number;
  lang: string;
  sentiment: string;
  sentiment_score: number;
  sentiment_confidence: number;
  sentiment_model: string;
  p_negative: number;
  needs_reply: number;
  created_at: string;
  fetched_at: string;
  extra: string;
}

const KNOWN = new Set(Object.keys(mentionSchema.shape));

/** Fields the schema has no column for are kept as JSON in `extra`. */
export function extraFields(raw: Record<string, unknown> | undefined): string {
  if (!raw) return '';
  const extra = Object.fromEntries(Object.entries(raw).filter(([k]) => !KNOWN.has(k)));
  return Object.keys(extra).length ? JSON.stringify(wellFormed(extra)) : '';
}

export function toMentionRows(
  m: Mention,
  analysis: Analysis,
  matches: BrandMatch[],
  sourceId: string,
  fetchedAt: Date,
  raw?: Record<string, unknown>,
  /** Brands whose own account wrote the mention. */
  owners: readonly string[] = [],
): MentionRow[] {
  const extra = extraFields(raw);
  const external = nativeId(m);
  const thread = threadOf(m, external);
  return matches.map((match) => ({
    brand: match.brand,
    platform: m.platform,
    external_id: external,
    source_id: sourceId,
    competitor_of: match.competitorOf,
    matched_query: match.query,
    text: m.text,
    title: m.title ?? '',
    url: m.url,
    author_id: m.author.id,
    author_name: m.author.name,
    author_followers: m.author.followers,
    likes: m.engagement.likes,
    shares: m.engagement.shares,
    replies: m.engagement.replies,
    rating: m.rating ?? 0,
    product: m.product ?? '',
    in_reply_to: m.in_reply_to ?? '',
    thread_id: thread,
    author_owned: owners.includes(match.brand) ? 1 : 0,
    lang: analysis.lang,
    sentiment: analysis.sentiment,
    sentiment_score: analysis.score,
    sentiment_confidence: analysis.confidence,
    sentiment_model: analysis.sentiment_model,
    p_negative: analysis.p_negative,
    needs_reply: analysis.needs_reply ? 1 : 0,
    created_at: chTime(m.created_at),
    fetched_at: chTime(fetchedAt),
    extra,
  }));
}
