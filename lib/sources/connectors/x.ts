// X (Twitter) API v2 recent search, with the customer's bearer token:
//   GET {base}/2/tweets/search/recent?query=&since_id=&next_token=&max_results=
//       &tweet.fields=created_at,public_metrics,lang,conversation_id,referenced_tweets,author_id
//       &expansions=author_id&user.fields=public_metrics,username,name
// Results are newest first over the last 7 days; `meta.next_token` pages back in time and
// `meta.newest_id` is the newest tweet of the result set. Every response carries
// x-rate-limit-remaining / x-rate-limit-reset: at 0 remaining the connector stops paging and
// the next poll waits until the reset before asking again.
//
// The configured brand queries are OR-ed into as few X queries as fit `max_query_length`
// (or `query` gives the whole X query). Cursor, per X query: `since_id` (the newest tweet
// stored); a round keeps that since_id fixed while it follows next_token, then moves it to
// the round's newest_id. A crash mid-round resumes at the stored next_token.
import { z } from 'zod';
import type { Mention } from '../../mention/mention.js';
import { envName } from '../../config/env-name.js';
import { describeIssues } from '../../config/zod-issues.js';
import { defineConnector, requireSecret } from '../connector.js';
import { MalformedResponseError } from '../errors.js';
import { parseItem, rawField } from '../items.js';
import { baseUrl } from '../options.js';
import { nextKey, resumeRound, roundGoesOn } from '../rounds.js';
import type { Reject } from '../types.js';

const optionsSchema = z.object({
  base_url: baseUrl('https://api.x.com'),
  /** Env variable holding the app's OAuth 2.0 bearer token. */
  bearer_token_env: envName('X_BEARER_TOKEN'),
  /** A complete X search query; default: the brands' queries OR-ed together. */
  query: z.string().min(1).optional(),
  /** Appended to built queries, e.g. "-is:retweet lang:en". */
  query_suffix: z.string().default('-is:retweet'),
  /** 512 on the Basic tier, 4096 on Pro. */
  max_query_length: z.number().int().min(32).max(4096).default(512),
  max_results: z.number().int().min(10).max(100).default(100),
  /** First poll only: how far back to search (recent search keeps 7 days). */
  lookback_minutes: z.number().int().positive().max(7 * 24 * 60).default(24 * 60),
});

export interface XCursor {
  [key: string]: unknown;
  /** Per X query: the newest tweet id already read. */
  since_id: Record<string, string>;
  pending: string[];
  /** The round in progress; since_id/start_time stay fixed while next_token pages back. */
  current?: { query: string; since_id?: string; start_time?: string; next_token?: string; newest_id?: string };
  /** Epoch ms before which the rate limit is exhausted (x-rate-limit-reset). */
  paused_until?: number;
}

const tweetSchema = z.object({
  id: z.string().regex(/^\d+$/),
  text: z.string(),
  created_at: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'is not a timestamp'),
  author_id: z.string().optional(),
  conversation_id: z.string().optional(),
  lang: z.string().optional(),
  public_metrics: z
    .object({
      retweet_count: z.number().default(0),
      reply_count: z.number().default(0),
      like_count: z.number().default(0),
      quote_count: z.number().default(0),
      impression_count: z.number().optional(),
    })
    .optional(),
  referenced_tweets: z.array(z.object({ type: z.string(), id: z.string() })).optional(),
});
const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string().optional(),
  public_metrics: z.object({ followers_count: z.number().default(0) }).partial().optional(),
});
const bodySchema = z.object({
  data: z.array(z.unknown()).optional(),
  includes: z.object({ users: z.array(z.unknown()).optional() }).optional(),
  meta: z.object({
    result_count: z.number(),
    newest_id: z.string().optional(),
    oldest_id: z.string().optional(),
    next_token: z.string().optional(),
  }),
  errors: z.array(z.unknown()).optional(),
});

const WINDOW_MS = 7 * 86_400_000;
/** Creation time encoded in a tweet id (snowflake: milliseconds since the Twitter epoch << 22). */
export const snowflakeMs = (id: string) => Number(BigInt(id) >> 22n) + 1_288_834_974_657;
const maxId = (a: string | undefined, b: string | undefined) => (!a ? b : !b ? a : BigInt(a) >= BigInt(b) ? a : b);

/** ORs the keyword queries into X queries no longer than `max` (each phrase quoted). */
export function buildXQueries(queries: string[], suffix: string, max: number): string[] {
  const terms = [...new Set(queries.map((q) => q.trim()).filter(Boolean))].map((q) => `"${q.replace(/"/g, '')}"`);
  const out: string[] = [];
  let group: string[] = [];
  const render = (g: string[]) => `${g.length > 1 ? `(${g.join(' OR ')})` : g[0]}${suffix ? ` ${suffix}` : ''}`;
  for (const t of terms) {
    if (group.length && render([...group, t]).length > max) {
      out.push(render(group));
      group = [];
    }
    group.push(t);
  }
  if (group.length) out.push(render(group));
  return out;
}

export const x = defineConnector({
  type: 'x',
  options: optionsSchema,
  async fetch(cursor, ctx, opts) {
    const token = requireSecret(ctx, 'bearer_token_env', opts.bearer_token_env);
    const searches = opts.query ? [opts.query] : buildXQueries(ctx.queries, opts.query_suffix, opts.max_query_length);
    const prev = cursor as XCursor | undefined;
    const c: XCursor = {
      since_id: Object.fromEntries(Object.entries(prev?.since_id ?? {}).filter(([q]) => searches.includes(q))),
      ...resumeRound(prev, searches, (w) => w.query),
      paused_until: prev?.paused_until,
    };
    const now = ctx.now().getTime();
    if (c.paused_until && now < c.paused_until) return { mentions: [], rejects: [], cursor: c, more: false };
    c.paused_until = undefined;
    if (!c.current) {
      const query = nextKey(c, searches);
      if (query === undefined) return { mentions: [], rejects: [], cursor: c, more: false };
      // Recent search refuses a since_id older than its 7-day window: fall back to start_time then.
      const stored = c.since_id[query];
      const since = stored && snowflakeMs(stored) > now - WINDOW_MS + 60_000 ? stored : undefined;
      const startMs = stored ? now - WINDOW_MS + 60_000 : now - opts.lookback_minutes * 60_000;
      c.current = since ? { query, since_id: since } : { query, start_time: new Date(startMs).toISOString().replace(/\.\d{3}Z$/, 'Z') };
    }
    const cur = c.current;
    const stored = c.since_id[cur.query];

    const res = await ctx.http.request(`${opts.base_url}/2/tweets/search/recent`, {
      params: {
        query: cur.query,
        since_id: cur.since_id,
        start_time: cur.start_time,
        next_token: cur.next_token,
        max_results: opts.max_results,
        'tweet.fields': 'created_at,public_metrics,lang,conversation_id,referenced_tweets,author_id',
        expansions: 'author_id',
        'user.fields': 'public_metrics,username,name',
      },
      headers: { Authorization: `Bearer ${token}` },
    });
    const parsed = bodySchema.safeParse(res.data);
    if (!parsed.success) throw new MalformedResponseError(`x recent search "${cur.query}": ${describeIssues(parsed.error, { whole: '(body)' })}`);
    const body = parsed.data;

    const users = new Map<string, z.infer<typeof userSchema>>();
    for (const u of body.includes?.users ?? []) {
      const p = userSchema.safeParse(u);
      if (p.success) users.set(p.data.id, p.data);
    }
    const mentions: Mention[] = [];
    const rejects: Reject[] = [];
    (body.data ?? []).forEach((raw, i) => {
      const tw = parseItem(tweetSchema, raw, { at: `data[${i}] of search "${cur.query}"`, id: rawField(raw, 'id') }, rejects);
      if (!tw) return;
      const user = tw.author_id ? users.get(tw.author_id) : undefined;
      const m = tw.public_metrics;
      const replyTo = tw.referenced_tweets?.find((r) => r.type === 'replied_to')?.id;
      mentions.push({
        id: `x:${tw.id}`,
        platform: 'x',
        text: tw.text,
        created_at: new Date(Date.parse(tw.created_at)).toISOString(),
        url: user ? `https://x.com/${user.username}/status/${tw.id}` : `https://x.com/i/web/status/${tw.id}`,
        author: { id: tw.author_id ?? '', name: user?.username ?? '', followers: Math.max(0, user?.public_metrics?.followers_count ?? 0) },
        engagement: { likes: m?.like_count ?? 0, shares: (m?.retweet_count ?? 0) + (m?.quote_count ?? 0), replies: m?.reply_count ?? 0 },
        lang: tw.lang && !['und', 'zxx', 'qme', 'qht', 'qam'].includes(tw.lang) ? tw.lang : undefined,
        in_reply_to: replyTo ? `x:${replyTo}` : undefined,
        thread_id: tw.conversation_id ? `x:${tw.conversation_id}` : undefined,
        ...{ author_display_name: user?.name, impressions: m?.impression_count },
      } as Mention);
    });

    cur.newest_id = maxId(cur.newest_id, body.meta.newest_id);
    const remaining = res.headers['x-rate-limit-remaining'];
    const exhausted = remaining !== undefined && Number(remaining) <= 0;
    if (exhausted) {
      const reset = Number(res.headers['x-rate-limit-reset']);
      c.paused_until = Number.isFinite(reset) && reset > 0 ? reset * 1000 : now + 15 * 60_000;
    }
    if (body.meta.next_token && (body.data?.length ?? 0) > 0) {
      c.current = { ...cur, next_token: body.meta.next_token };
    } else {
      if (cur.newest_id) c.since_id[cur.query] = maxId(stored, cur.newest_id)!;
      c.current = undefined;
    }
    return { mentions, rejects, cursor: c, more: !exhausted && roundGoesOn(c.current, c.pending) };
  },
});
