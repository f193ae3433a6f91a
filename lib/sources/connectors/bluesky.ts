// Bluesky post search through XRPC `app.bsky.feed.searchPosts` (q, sort=latest, since,
// until, limit, cursor). Keyless on the public AppView (public.api.bsky.app); when a handle
// and an app password are configured (env names) it opens a session with
// `com.atproto.server.createSession` on the account's service and searches there with the
// access token (the lexicon notes the endpoint "may require authentication" on some hosts).
//
// Like Hacker News, each query is paged inside a fixed [since, until) window so that the
// opaque `cursor` stays valid while new posts arrive; the next window starts `overlap_seconds`
// before the previous one ended (late indexing; the store drops the repeats).
// API: https://docs.bsky.app/docs/api/app-bsky-feed-search-posts,
//      https://docs.bsky.app/docs/api/com-atproto-server-create-session
import { z } from 'zod';
import type { Mention } from '../../mention/mention.js';
import { envName } from '../../config/env-name.js';
import { withAccessToken, type IssuedToken } from '../access-token.js';
import { defineConnector } from '../connector.js';
import { BadCredentialsError, MalformedResponseError } from '../errors.js';
import type { HttpClient } from '../http.js';
import { parseItem, rawField } from '../items.js';
import { baseUrl, lookbackSeconds, overlapSeconds } from '../options.js';
import { nextKey, resumeQueryWindows, roundGoesOn } from '../rounds.js';
import type { ConnectorContext, Reject } from '../types.js';

const optionsSchema = z.object({
  /** Public AppView for keyless search. */
  base_url: baseUrl('https://public.api.bsky.app'),
  /** The account's service (PDS or entryway) for authenticated search. */
  service_url: baseUrl('https://bsky.social'),
  handle_env: envName('BSKY_HANDLE').optional(),
  app_password_env: envName('BSKY_APP_PASSWORD').optional(),
  /** Only posts in this language (BCP-47), when set. */
  lang: z.string().min(2).optional(),
  limit: z.number().int().min(1).max(100).default(100),
  lookback_seconds: lookbackSeconds,
  overlap_seconds: overlapSeconds,
});
type Options = z.infer<typeof optionsSchema>;

export interface BlueskyCursor {
  [key: string]: unknown;
  /** Per query: posts at or after this ISO time are still to be read. */
  since: Record<string, string>;
  pending: string[];
  /** The window being paged: the provider's opaque `cursor` for the next page. */
  window?: { query: string; since: string; until: string; cursor?: string };
}

const postViewSchema = z.object({
  uri: z.string().regex(/^at:\/\/[^/]+\/app\.bsky\.feed\.post\/[^/]+$/, 'is not an at:// post URI'),
  cid: z.string(),
  author: z.object({ did: z.string(), handle: z.string(), displayName: z.string().nullish() }),
  record: z.object({
    text: z.string(),
    createdAt: z.string(),
    langs: z.array(z.string()).nullish(),
    reply: z.object({ parent: z.object({ uri: z.string() }), root: z.object({ uri: z.string() }).nullish() }).nullish(),
  }),
  indexedAt: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'is not a timestamp'),
  likeCount: z.number().nullish(),
  repostCount: z.number().nullish(),
  quoteCount: z.number().nullish(),
  replyCount: z.number().nullish(),
});
type PostView = z.infer<typeof postViewSchema>;

const responseSchema = z.object({ posts: z.array(z.unknown()), cursor: z.string().nullish(), hitsTotal: z.number().nullish() });

const count = (n: number | null | undefined) => Math.max(0, Math.round(n ?? 0));

/** at://did:plc:x/app.bsky.feed.post/3kabc -> https://bsky.app/profile/<handle>/post/3kabc */
export function postWebUrl(uri: string, handle: string): string {
  const rkey = uri.split('/').pop() ?? '';
  const who = handle && handle !== 'handle.invalid' ? handle : uri.slice('at://'.length).split('/')[0];
  return `https://bsky.app/profile/${who}/post/${rkey}`;
}

export function postToMention(p: PostView): Mention {
  const created = Date.parse(p.record.createdAt);
  return {
    id: `bluesky:${p.uri}`,
    platform: 'bluesky',
    text: p.record.text,
    // A record's own createdAt can be anything the client wrote; fall back to indexing time.
    created_at: new Date(Number.isNaN(created) ? p.indexedAt : created).toISOString(),
    url: postWebUrl(p.uri, p.author.handle),
    // The handle, not the display name, as X's username: it is what people @-mention and what a
    // brand writes under `owned` ("@acme.bsky.social"); "Acme Support" would never match it.
    author: { id: p.author.did, name: p.author.handle && p.author.handle !== 'handle.invalid' ? p.author.handle : p.author.displayName || p.author.did, followers: 0 },
    engagement: { likes: count(p.likeCount), shares: count(p.repostCount) + count(p.quoteCount), replies: count(p.replyCount) },
    lang: p.record.langs?.[0],
    in_reply_to: p.record.reply?.parent.uri ? `bluesky:${p.record.reply.parent.uri}` : undefined,
    thread_id: p.record.reply?.root?.uri ? `bluesky:${p.record.reply.root.uri}` : undefined,
  };
}

function jwtExpiry(jwt: string, fallback: number): number {
  try {
    const payload = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: number };
    return typeof payload.exp === 'number' ? payload.exp * 1000 : fallback;
  } catch {
    return fallback;
  }
}

/** A session's access token: a short-lived JWT. */
async function session(http: HttpClient, opts: Options, identifier: string, password: string, now: number): Promise<IssuedToken> {
  const body = await http.get(`${opts.service_url}/xrpc/com.atproto.server.createSession`, {
    method: 'POST',
    data: JSON.stringify({ identifier, password }),
    headers: { 'Content-Type': 'application/json' },
  });
  const s = z.object({ accessJwt: z.string().min(1) }).safeParse(body);
  if (!s.success) throw new MalformedResponseError('bluesky createSession: response has no accessJwt');
  return { token: s.data.accessJwt, expiresAt: jwtExpiry(s.data.accessJwt, now + 30 * 60_000) };
}

async function searchPosts(opts: Options, ctx: ConnectorContext, params: Record<string, string | number | undefined>): Promise<unknown> {
  if (!opts.handle_env && !opts.app_password_env) {
    return ctx.http.get(`${opts.base_url}/xrpc/app.bsky.feed.searchPosts`, { params });
  }
  const identifier = ctx.secret(opts.handle_env);
  const password = ctx.secret(opts.app_password_env);
  if (!identifier || !password) {
    throw new BadCredentialsError(
      `source "${ctx.source.id}": bluesky login is configured but ${!identifier ? opts.handle_env ?? 'handle_env' : opts.app_password_env ?? 'app_password_env'} is not set`,
    );
  }
  const now = ctx.now().getTime();
  return withAccessToken(
    ctx.http,
    `bluesky session\u0000${opts.service_url}\u0000${identifier}`,
    now,
    () => session(ctx.http, opts, identifier, password, now),
    (jwt) => ctx.http.get(`${opts.service_url}/xrpc/app.bsky.feed.searchPosts`, { params, headers: { Authorization: `Bearer ${jwt}` } }),
    // XRPC answers an expired token with 400 {"error":"ExpiredToken"}; other hosts with 401.
    (e) => e instanceof BadCredentialsError || (e instanceof MalformedResponseError && /ExpiredToken|InvalidToken/.test(e.message)),
  );
}

export const bluesky = defineConnector({
  type: 'bluesky',
  options: optionsSchema,
  async fetch(cursor, ctx, opts) {
    const now = ctx.now().getTime();
    const prev = cursor as BlueskyCursor | undefined;
    const c: BlueskyCursor = resumeQueryWindows(prev, ctx.queries);
    if (!c.window) {
      const query = nextKey(c, ctx.queries);
      if (query === undefined) return { mentions: [], rejects: [], cursor: c, more: false };
      c.window = {
        query,
        since: c.since[query] ?? new Date(now - opts.lookback_seconds * 1000).toISOString(),
        until: new Date(now).toISOString(),
      };
    }
    const w = c.window;
    const body = await searchPosts(opts, ctx, {
      q: w.query,
      sort: 'latest',
      since: w.since,
      until: w.until,
      lang: opts.lang,
      limit: opts.limit,
      cursor: w.cursor,
    });
    const parsed = responseSchema.safeParse(body);
    if (!parsed.success) throw new MalformedResponseError(`bluesky searchPosts for "${w.query}": response has no posts array`);

    const mentions: Mention[] = [];
    const rejects: Reject[] = [];
    const then = `of the search for "${w.query}"${w.cursor ? ` at cursor ${w.cursor}` : ''}`;
    parsed.data.posts.forEach((raw, i) => {
      const p = parseItem(postViewSchema, raw, { at: `posts[${i}]`, id: rawField(raw, 'uri'), then }, rejects);
      if (p) mentions.push(postToMention(p));
    });

    if (parsed.data.cursor && parsed.data.posts.length > 0) {
      c.window = { ...w, cursor: parsed.data.cursor };
    } else {
      const next = new Date(Date.parse(w.until) - opts.overlap_seconds * 1000).toISOString();
      c.since[w.query] = next > w.since ? next : w.since;
      c.window = undefined;
    }
    return { mentions, rejects, cursor: c, more: roundGoesOn(c.window, c.pending) };
  },
});
