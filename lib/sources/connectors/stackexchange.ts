// Stack Exchange search (Stack Overflow, Super User, any site of the network) through the
// public API v2.3: `/search/excerpts` (questions and answers, the default) or
// `/search/advanced` (questions), newest first, paged with `page` / `has_more` inside a fixed
// [fromdate, todate] window so paging stays stable while new posts arrive.
// Every response is a wrapper `{ items, has_more, quota_max, quota_remaining, backoff? }`.
// `backoff` (seconds) forbids calling the same method again before it passes: the connector
// stores the time in its cursor and skips polls until then. With `quota_remaining` at 0 it
// waits for the daily reset (midnight UTC). A key (env name) raises the daily quota.
// API: https://api.stackexchange.com/docs/excerpt-search, https://api.stackexchange.com/docs/advanced-search,
//      https://api.stackexchange.com/docs/wrapper, https://api.stackexchange.com/docs/throttle
import he from 'he';
import { z } from 'zod';
import type { Mention } from '../../mention/mention.js';
import { envName } from '../../config/env-name.js';
import { defineConnector } from '../connector.js';
import { BadCredentialsError, MalformedResponseError, RateLimitedError } from '../errors.js';
import { htmlToText } from '../html-text.js';
import { parseItem } from '../items.js';
import { baseUrl, lookbackSeconds, overlapSeconds, withoutTrailingSlash } from '../options.js';
import { nextKey, resumeQueryWindows, roundGoesOn } from '../rounds.js';
import type { Reject } from '../types.js';

const optionsSchema = z.object({
  base_url: baseUrl('https://api.stackexchange.com/2.3'),
  /** API site parameter: stackoverflow, superuser, serverfault, askubuntu, math, ... */
  site: z.string().regex(/^[a-z0-9.]+$/, 'must be an API site name such as "stackoverflow"').default('stackoverflow'),
  /** Web host for links the API does not give (default: derived from `site`). */
  site_url: z.string().url().optional(),
  /** `excerpts` finds questions and answers; `advanced` questions only. */
  endpoint: z.enum(['excerpts', 'advanced']).default('excerpts'),
  /** App key from stackapps.com (not secret, but kept out of the file like one): 10,000 requests/day instead of 300. */
  key_env: envName('STACKEXCHANGE_KEY').optional(),
  /** Built-in `withbody` adds the post body; `default` keeps responses small. */
  filter: z.string().default('withbody'),
  pagesize: z.number().int().min(1).max(100).default(100),
  lookback_seconds: lookbackSeconds,
  overlap_seconds: overlapSeconds,
});
type Options = z.infer<typeof optionsSchema>;

export interface StackExchangeCursor {
  [key: string]: unknown;
  /** Per query: posts created at or after this epoch second are still to be read. */
  since: Record<string, number>;
  pending: string[];
  /** The window being paged (1-based `page`). */
  window?: { query: string; from: number; to: number; page: number };
  /** Epoch ms before which the API asked not to be called (its `backoff`, or the quota reset). */
  blocked_until?: number;
  quota_remaining?: number;
}

const wrapperSchema = z.object({
  items: z.array(z.unknown()),
  has_more: z.boolean(),
  quota_max: z.number().optional(),
  quota_remaining: z.number().optional(),
  backoff: z.number().optional(),
});

const ownerSchema = z
  .object({ user_id: z.number().optional(), display_name: z.string().optional(), reputation: z.number().optional(), link: z.string().optional() })
  .passthrough();

const itemSchema = z.object({
  item_type: z.enum(['question', 'answer']).optional(),
  question_id: z.number().int(),
  answer_id: z.number().int().optional(),
  creation_date: z.number().int(),
  title: z.string().optional(),
  body: z.string().optional(),
  excerpt: z.string().optional(),
  link: z.string().optional(),
  score: z.number().optional(),
  answer_count: z.number().optional(),
  tags: z.array(z.string()).optional(),
  owner: ownerSchema.optional(),
});
type Item = z.infer<typeof itemSchema>;

const KNOWN_HOSTS: Record<string, string> = {
  stackoverflow: 'stackoverflow.com',
  superuser: 'superuser.com',
  serverfault: 'serverfault.com',
  askubuntu: 'askubuntu.com',
  stackapps: 'stackapps.com',
  mathoverflow: 'mathoverflow.net',
};

export function siteUrl(opts: Pick<Options, 'site' | 'site_url'>): string {
  if (opts.site_url) return withoutTrailingSlash(opts.site_url);
  const host = opts.site.includes('.') ? opts.site : KNOWN_HOSTS[opts.site] ?? `${opts.site}.stackexchange.com`;
  return `https://${host}`;
}

const count = (n: number | undefined) => Math.max(0, Math.round(n ?? 0));

export function itemToMention(item: Item, opts: Pick<Options, 'site' | 'site_url'>): Mention {
  const isAnswer = item.item_type === 'answer' || (item.item_type === undefined && item.answer_id !== undefined);
  const web = siteUrl(opts);
  const qid = `stackexchange:${opts.site}/q/${item.question_id}`;
  return {
    id: isAnswer ? `stackexchange:${opts.site}/a/${item.answer_id}` : qid,
    platform: 'stackexchange',
    text: htmlToText(item.body) || htmlToText(item.excerpt) || htmlToText(item.title),
    title: item.title ? htmlToText(item.title) : undefined,
    created_at: new Date(item.creation_date * 1000).toISOString(),
    url: item.link ?? (isAnswer ? `${web}/a/${item.answer_id}` : `${web}/q/${item.question_id}`),
    author: {
      id: item.owner?.user_id !== undefined ? String(item.owner.user_id) : '',
      name: he.decode(item.owner?.display_name ?? ''),
      followers: 0,
    },
    engagement: { likes: count(item.score), shares: 0, replies: isAnswer ? 0 : count(item.answer_count) },
    in_reply_to: isAnswer ? qid : undefined,
  };
}

/** Next midnight UTC after `now` (when the daily quota resets). */
const nextUtcMidnight = (now: number) => {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
};

export const stackexchange = defineConnector({
  type: 'stackexchange',
  options: optionsSchema,
  async fetch(cursor, ctx, opts) {
    const now = ctx.now().getTime();
    const nowS = Math.floor(now / 1000);
    const prev = cursor as StackExchangeCursor | undefined;
    const c: StackExchangeCursor = {
      ...resumeQueryWindows(prev, ctx.queries),
      blocked_until: prev?.blocked_until,
      quota_remaining: prev?.quota_remaining,
    };
    // The API asked us to wait (backoff or exhausted quota): this poll fetches nothing.
    if (c.blocked_until !== undefined && now < c.blocked_until) return { mentions: [], rejects: [], cursor: c, more: false };
    c.blocked_until = undefined;

    let key: string | undefined;
    if (opts.key_env) {
      key = ctx.secret(opts.key_env);
      if (!key) throw new BadCredentialsError(`source "${ctx.source.id}": ${opts.key_env} is not set (stackexchange key_env)`);
    }
    if (!c.window) {
      const query = nextKey(c, ctx.queries);
      if (query === undefined) return { mentions: [], rejects: [], cursor: c, more: false };
      c.window = { query, from: c.since[query] ?? nowS - opts.lookback_seconds, to: nowS, page: 1 };
    }
    const w = c.window;
    const url = `${opts.base_url}/search/${opts.endpoint}`;
    const body = await ctx.http.get(url, {
      params: {
        q: w.query,
        site: opts.site,
        fromdate: w.from,
        todate: w.to,
        sort: 'creation',
        order: 'desc',
        page: w.page,
        pagesize: opts.pagesize,
        filter: opts.filter,
        key,
      },
    }).catch((e: unknown) => {
      // The API reports throttling as HTTP 400 with error_name "throttle_violation" and the wait in words.
      if (e instanceof MalformedResponseError && /throttle_violation/.test(e.message)) {
        const m = /available in (\d+) seconds?/.exec(e.message);
        throw new RateLimitedError(url, (m ? Number(m[1]) : 60) * 1000);
      }
      throw e;
    });
    const parsed = wrapperSchema.safeParse(body);
    if (!parsed.success) {
      throw new MalformedResponseError(`stackexchange ${opts.endpoint} search on ${opts.site} for "${w.query}": response is not the API wrapper (items, has_more)`);
    }
    const wrapper = parsed.data;

    const mentions: Mention[] = [];
    const rejects: Reject[] = [];
    wrapper.items.forEach((raw, i) => {
      const item = parseItem(itemSchema, raw, { at: `items[${i}] of page ${w.page} of the ${opts.site} search for "${w.query}"` }, rejects);
      if (item) mentions.push(itemToMention(item, opts));
    });

    if (wrapper.quota_remaining !== undefined) c.quota_remaining = wrapper.quota_remaining;
    if (wrapper.backoff && wrapper.backoff > 0) c.blocked_until = now + wrapper.backoff * 1000;
    if (wrapper.quota_remaining === 0) c.blocked_until = Math.max(c.blocked_until ?? 0, nextUtcMidnight(now));

    if (wrapper.has_more && wrapper.items.length > 0) {
      c.window = { ...w, page: w.page + 1 };
    } else {
      c.since[w.query] = Math.max(w.from, w.to - opts.overlap_seconds);
      c.window = undefined;
    }
    const more = roundGoesOn(c.window, c.pending) && c.blocked_until === undefined;
    return { mentions, rejects, cursor: c, more };
  },
});
