// Hacker News through the Algolia search API (no key). One search per configured query,
// newest first (`search_by_date`), paged inside a fixed time window so pagination stays
// stable while new items arrive; the next window starts a little before the last one ended
// to catch items Algolia indexed late (the store drops the repeats).
// API: https://hn.algolia.com/api  (hits, page, nbPages, hitsPerPage; numericFilters on created_at_i)
import { z } from 'zod';
import type { Mention } from '../../mention/mention.js';
import { defineConnector } from '../connector.js';
import { MalformedResponseError } from '../errors.js';
import { htmlToText } from '../html-text.js';
import { parseItem } from '../items.js';
import { baseUrl, lookbackSeconds, overlapSeconds } from '../options.js';
import { nextKey, resumeQueryWindows, roundGoesOn } from '../rounds.js';
import type { Reject } from '../types.js';

const optionsSchema = z.object({
  base_url: baseUrl('https://hn.algolia.com/api/v1'),
  /** Algolia tags filter: stories and comments by default. */
  tags: z.string().default('(story,comment)'),
  hits_per_page: z.number().int().min(1).max(1000).default(100),
  lookback_seconds: lookbackSeconds,
  overlap_seconds: overlapSeconds,
});

export interface HackerNewsCursor {
  [key: string]: unknown;
  /** Per query: items created after this epoch second are still to be read. */
  since: Record<string, number>;
  /** Queries still to be searched in the current round. */
  pending: string[];
  /** The window being paged through. */
  window?: { query: string; until: number; page: number };
}

const hitSchema = z.object({
  objectID: z.string(),
  created_at: z.string(),
  created_at_i: z.number(),
  author: z.string().nullish(),
  title: z.string().nullish(),
  story_title: z.string().nullish(),
  url: z.string().nullish(),
  story_text: z.string().nullish(),
  comment_text: z.string().nullish(),
  points: z.number().nullish(),
  num_comments: z.number().nullish(),
  parent_id: z.number().nullish(),
  story_id: z.number().nullish(),
  _tags: z.array(z.string()).optional(),
});

const pageSchema = z.object({
  hits: z.array(z.unknown()),
  page: z.number(),
  nbPages: z.number(),
});

export function hitToMention(hit: z.infer<typeof hitSchema>): Mention {
  const isComment = hit._tags?.includes('comment') ?? Boolean(hit.comment_text);
  const text = htmlToText(hit.comment_text ?? hit.story_text ?? '') || (hit.title ?? '');
  return {
    id: `hackernews:${hit.objectID}`,
    platform: 'hackernews',
    text,
    title: (isComment ? hit.story_title : hit.title) ?? undefined,
    created_at: new Date(hit.created_at_i * 1000).toISOString(),
    url: `https://news.ycombinator.com/item?id=${hit.objectID}`,
    author: { id: hit.author ?? '', name: hit.author ?? '', followers: 0 },
    engagement: { likes: Math.max(0, hit.points ?? 0), shares: 0, replies: Math.max(0, hit.num_comments ?? 0) },
    in_reply_to: isComment && hit.parent_id != null ? `hackernews:${hit.parent_id}` : undefined,
  };
}

export const hackernews = defineConnector({
  type: 'hackernews',
  options: optionsSchema,
  async fetch(cursor, ctx, opts) {
    const nowS = Math.floor(ctx.now().getTime() / 1000);
    const prev = cursor as HackerNewsCursor | undefined;
    const c: HackerNewsCursor = resumeQueryWindows(prev, ctx.queries);
    if (!c.window) {
      const query = nextKey(c, ctx.queries);
      if (query === undefined) return { mentions: [], rejects: [], cursor: c, more: false };
      c.window = { query, until: nowS, page: 0 };
    }
    const { query, until, page } = c.window;
    const since = c.since[query] ?? nowS - opts.lookback_seconds;

    const body = await ctx.http.get(`${opts.base_url}/search_by_date`, {
      params: {
        query,
        tags: opts.tags,
        numericFilters: `created_at_i>${since},created_at_i<=${until}`,
        hitsPerPage: opts.hits_per_page,
        page,
      },
    });
    const parsed = pageSchema.safeParse(body);
    if (!parsed.success) throw new MalformedResponseError(`hackernews search for "${query}": response has no hits/page/nbPages`);

    const mentions: Mention[] = [];
    const rejects: Reject[] = [];
    parsed.data.hits.forEach((raw, i) => {
      const hit = parseItem(hitSchema, raw, { at: `hits[${i}] of page ${page} for "${query}"` }, rejects);
      if (hit) mentions.push(hitToMention(hit));
    });

    if (page + 1 < parsed.data.nbPages && parsed.data.hits.length > 0) {
      c.window = { query, until, page: page + 1 };
    } else {
      c.since[query] = Math.max(since, until - opts.overlap_seconds);
      c.window = undefined;
    }
    return { mentions, rejects, cursor: c, more: roundGoesOn(c.window, c.pending) };
  },
});
