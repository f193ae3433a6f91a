// Reddit: posts through search (`/search.json?q=…&sort=new&type=link`, all of Reddit or
// `restrict_sr` to the configured subreddits), and comments through the newest-comments
// listing of the configured subreddits (`/r/a+b/comments.json`), kept when they contain a
// watched query: Reddit's API has no comment search.
// Without credentials it reads the public JSON (`www.reddit.com`, with a descriptive
// User-Agent as Reddit's API rules require); with a client id and secret (env variable names
// in the config) it takes an app-only OAuth token (client_credentials grant at
// /api/v1/access_token) and reads `oauth.reddit.com` instead, which has a higher quota.
//
// Paging: a Listing is `{ kind: 'Listing', data: { after, children: [{ kind: 't3'|'t1', data }] } }`;
// the next page is `after=<fullname of the last child>`. Each stream (one search per query,
// one comments listing) is read from the newest item back to where the previous round
// stopped (`since`, epoch seconds, minus a small overlap for late indexing: the store drops
// the repeats).
// API: https://www.reddit.com/dev/api#GET_search, https://www.reddit.com/dev/api#GET_comments_{article}
//      (listings), https://github.com/reddit-archive/reddit/wiki/OAuth2
import { z } from 'zod';
import type { Mention } from '../../mention/mention.js';
import { envName } from '../../config/env-name.js';
import { describeIssues } from '../../config/zod-issues.js';
import { withAccessToken, type IssuedToken } from '../access-token.js';
import { defineConnector } from '../connector.js';
import { BadCredentialsError, MalformedResponseError } from '../errors.js';
import type { HttpClient } from '../http.js';
import { htmlToText } from '../html-text.js';
import { parseItem, rejectItem } from '../items.js';
import { baseUrl, lookbackSeconds, overlapSeconds } from '../options.js';
import { nextKey, resumeRound, roundGoesOn } from '../rounds.js';
import type { ConnectorContext, Reject } from '../types.js';

const optionsSchema = z.object({
  /** Public JSON base (no credentials). */
  base_url: baseUrl('https://www.reddit.com'),
  /** API base once an OAuth token is held. */
  oauth_base_url: baseUrl('https://oauth.reddit.com'),
  /** Token endpoint for the client_credentials grant. */
  token_url: z.string().url().default('https://www.reddit.com/api/v1/access_token'),
  client_id_env: envName('REDDIT_CLIENT_ID').optional(),
  client_secret_env: envName('REDDIT_CLIENT_SECRET').optional(),
  /** Reddit asks for `<platform>:<app id>:<version> (by /u/<username>)`. */
  user_agent: z.string().min(8).default('nodejs:brand-pulse:0.1 (social listening; +https://github.com/brand-pulse/brand-pulse)'),
  /** Restrict the search to these subreddits (without "r/"); all of Reddit when absent. */
  subreddits: z.array(z.string().regex(/^[A-Za-z0-9_]{2,21}$/, 'must be a subreddit name without "r/"')).optional(),
  /** Also read the newest comments of `subreddits` (ignored without subreddits: all of Reddit is too much). */
  comments: z.boolean().default(true),
  limit: z.number().int().min(1).max(100).default(100),
  lookback_seconds: lookbackSeconds,
  overlap_seconds: overlapSeconds,
});
type Options = z.infer<typeof optionsSchema>;

export interface RedditCursor {
  [key: string]: unknown;
  /** Per stream (`search:<query>` or `comments`): items created after this epoch second are still to be read. */
  since: Record<string, number>;
  /** Streams still to be read this round. */
  pending: string[];
  /** The stream being paged through: `after` is the listing's next-page fullname. */
  page?: { stream: string; after: string; newest: number };
}

const listingSchema = z.object({
  kind: z.literal('Listing'),
  data: z.object({ after: z.string().nullish(), children: z.array(z.unknown()) }),
});

const childSchema = z.object({ kind: z.string(), data: z.record(z.string(), z.unknown()) });

const postSchema = z.object({
  id: z.string().min(1),
  created_utc: z.number(),
  title: z.string(),
  selftext: z.string().nullish(),
  author: z.string().nullish(),
  author_fullname: z.string().nullish(),
  permalink: z.string(),
  subreddit_name_prefixed: z.string().nullish(),
  score: z.number().nullish(),
  num_comments: z.number().nullish(),
  num_crossposts: z.number().nullish(),
});

const commentSchema = z.object({
  id: z.string().min(1),
  created_utc: z.number(),
  body: z.string().nullish(),
  body_html: z.string().nullish(),
  author: z.string().nullish(),
  author_fullname: z.string().nullish(),
  permalink: z.string(),
  parent_id: z.string().nullish(),
  /** The post the comment is under ("t3_..."): the thread. */
  link_id: z.string().nullish(),
  link_title: z.string().nullish(),
  subreddit_name_prefixed: z.string().nullish(),
  score: z.number().nullish(),
});

const count = (n: number | null | undefined) => Math.max(0, Math.round(n ?? 0));
/** "t3_abc" -> "reddit:abc". */
export const fullnameToId = (fullname: string) => `reddit:${fullname.replace(/^t\d_/, '')}`;

export function postToMention(p: z.infer<typeof postSchema>): Mention {
  const m: Mention = {
    id: `reddit:${p.id}`,
    platform: 'reddit',
    text: p.selftext?.trim() ? p.selftext : p.title,
    title: p.title,
    created_at: new Date(p.created_utc * 1000).toISOString(),
    url: `https://www.reddit.com${p.permalink}`,
    author: { id: p.author_fullname ?? p.author ?? '', name: p.author ?? '', followers: 0 },
    engagement: { likes: count(p.score), shares: count(p.num_crossposts), replies: count(p.num_comments) },
  };
  return Object.assign(m, { subreddit: p.subreddit_name_prefixed ?? undefined });
}

export function commentToMention(c: z.infer<typeof commentSchema>): Mention {
  const m: Mention = {
    id: `reddit:${c.id}`,
    platform: 'reddit',
    text: c.body ?? htmlToText(c.body_html),
    title: c.link_title ?? undefined,
    created_at: new Date(c.created_utc * 1000).toISOString(),
    url: `https://www.reddit.com${c.permalink}`,
    author: { id: c.author_fullname ?? c.author ?? '', name: c.author ?? '', followers: 0 },
    engagement: { likes: count(c.score), shares: 0, replies: 0 },
    in_reply_to: c.parent_id ? fullnameToId(c.parent_id) : undefined,
    thread_id: c.link_id ? fullnameToId(c.link_id) : undefined,
  };
  return Object.assign(m, { subreddit: c.subreddit_name_prefixed ?? undefined });
}

/** An app-only token (client_credentials grant); they live for a day. */
async function appToken(http: HttpClient, opts: Options, id: string, secret: string, now: number): Promise<IssuedToken> {
  const body = await http.get(opts.token_url, {
    method: 'POST',
    data: 'grant_type=client_credentials',
    headers: {
      'User-Agent': opts.user_agent,
      'Content-Type': 'application/x-www-form-urlencoded',
      Authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`,
    },
  });
  const t = z.object({ access_token: z.string().min(1), expires_in: z.number().positive().default(3600) }).safeParse(body);
  if (!t.success) {
    // Reddit answers 200 with {"error": "invalid_grant"} for some credential problems.
    const err = (body as { error?: unknown } | null)?.error;
    if (err) throw new BadCredentialsError(`reddit token endpoint refused the client credentials: ${String(err)}`);
    throw new MalformedResponseError('reddit token endpoint: response has no access_token');
  }
  return { token: t.data.access_token, expiresAt: now + t.data.expires_in * 1000 };
}

function credentials(opts: Options, ctx: ConnectorContext): { id: string; secret: string } | undefined {
  if (!opts.client_id_env && !opts.client_secret_env) return undefined;
  const id = ctx.secret(opts.client_id_env);
  const secret = ctx.secret(opts.client_secret_env);
  if (!id || !secret) {
    throw new BadCredentialsError(
      `source "${ctx.source.id}": reddit OAuth is configured but ${!id ? opts.client_id_env ?? 'client_id_env' : opts.client_secret_env ?? 'client_secret_env'} is not set`,
    );
  }
  return { id, secret };
}

/** GETs `<path>` (`/search`, `/comments`) on the public JSON host or, with credentials, on the OAuth host. */
async function listing(opts: Options, ctx: ConnectorContext, path: string, params: Record<string, string | number | undefined>): Promise<unknown> {
  const creds = credentials(opts, ctx);
  const sub = opts.subreddits?.length ? `/r/${opts.subreddits.join('+')}` : '';
  if (!creds) {
    return ctx.http.get(`${opts.base_url}${sub}${path}.json`, { params, headers: { 'User-Agent': opts.user_agent } });
  }
  const now = ctx.now().getTime();
  return withAccessToken(
    ctx.http,
    `reddit token\u0000${opts.token_url}\u0000${creds.id}`,
    now,
    () => appToken(ctx.http, opts, creds.id, creds.secret, now),
    (token) => ctx.http.get(`${opts.oauth_base_url}${sub}${path}`, { params, headers: { 'User-Agent': opts.user_agent, Authorization: `Bearer ${token}` } }),
    (e) => e instanceof BadCredentialsError,
  );
}

export const reddit = defineConnector({
  type: 'reddit',
  options: optionsSchema,
  async fetch(cursor, ctx, opts) {
    const nowS = Math.floor(ctx.now().getTime() / 1000);
    const withComments = opts.comments && Boolean(opts.subreddits?.length);
    const streams = [...ctx.queries.map((q) => `search:${q}`), ...(withComments ? ['comments'] : [])];
    const prev = cursor as RedditCursor | undefined;
    const round = resumeRound({ pending: prev?.pending, current: prev?.page }, streams, (p) => p.stream);
    const c: RedditCursor = { since: { ...(prev?.since ?? {}) }, pending: round.pending, page: round.current };
    const stream = c.page?.stream ?? nextKey(c, streams);
    if (stream === undefined) return { mentions: [], rejects: [], cursor: c, more: false };
    const isSearch = stream.startsWith('search:');
    const query = isSearch ? stream.slice('search:'.length) : undefined;
    const floor = c.since[stream] ?? nowS - opts.lookback_seconds;
    const after = c.page?.after;
    const what = isSearch ? `search for "${query}"` : `comments of r/${opts.subreddits?.join('+')}`;

    const body = isSearch
      ? await listing(opts, ctx, '/search', {
          q: query,
          sort: 'new',
          type: 'link',
          limit: opts.limit,
          after,
          restrict_sr: opts.subreddits?.length ? 1 : undefined,
          raw_json: 1,
        })
      : await listing(opts, ctx, '/comments', { limit: opts.limit, after, raw_json: 1 });
    const parsed = listingSchema.safeParse(body);
    if (!parsed.success) throw new MalformedResponseError(`reddit ${what}: response is not a Listing with data.children`);
    const needles = ctx.queries.map((q) => q.toLowerCase());

    const mentions: Mention[] = [];
    const rejects: Reject[] = [];
    let newest = c.page?.newest ?? 0;
    let reachedSeen = false;
    parsed.data.data.children.forEach((raw, i) => {
      const where = `data.children[${i}] of the ${what}${after ? ` after ${after}` : ''}`;
      const child = parseItem(childSchema, raw, { at: where }, rejects);
      if (!child) return;
      const isComment = child.kind === 't1';
      if (!isComment && child.kind !== 't3') {
        rejects.push(rejectItem(raw, { at: `${where}.kind` }, `"${child.kind}" is neither t3 (post) nor t1 (comment)`));
        return;
      }
      const item = (isComment ? commentSchema : postSchema).safeParse(child.data);
      if (!item.success) {
        rejects.push(rejectItem(raw, { at: `${where}.data` }, describeIssues(item.error)));
        return;
      }
      const created = item.data.created_utc;
      if (created <= floor) {
        reachedSeen = true;
        return;
      }
      newest = Math.max(newest, created);
      const mention = isComment
        ? commentToMention(item.data as z.infer<typeof commentSchema>)
        : postToMention(item.data as z.infer<typeof postSchema>);
      // The comments listing is every new comment of the subreddits: keep those that name a query.
      if (!isSearch) {
        const hay = `${mention.title ?? ''}\n${mention.text}`.toLowerCase();
        if (!needles.some((n) => hay.includes(n))) return;
      }
      mentions.push(mention);
    });

    const next = parsed.data.data.after;
    if (next && !reachedSeen && parsed.data.data.children.length > 0) {
      c.page = { stream, after: next, newest };
    } else {
      c.page = undefined;
      c.since[stream] = newest > 0 ? Math.max(floor, newest - opts.overlap_seconds) : floor;
    }
    return { mentions, rejects, cursor: c, more: roundGoesOn(c.page, c.pending) };
  },
});
