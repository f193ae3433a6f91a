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
import { BadCredentialsError, MalformedResponseError } from '../errors.js';
import type { HttpClient } from '../http.js';
import { sourceOptions } from '../options.js';
import { nextQuery, resumeQueryWindows } from '../query-windows.js';
import type { Connector, ConnectorContext, PollPage, Reject } from '../types.js';

const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name');

const optionsSchema = z.object({
  /** Public AppView for keyless search. */
  base_url: z.string().url().default('https://public.api.bsky.app'),
  /** The account's service (PDS or entryway) for authenticated search. */
  service_url: z.string().url().default('https://bsky.social'),
  handle_env: envName.optional(),
  app_password_env: envName.optional(),
  /** Only posts in this language (BCP-47), when set. */
  lang: z.string().min(2).optional(),
  limit: z.number().int().min(1).max(100).default(100),
  lookback_seconds: z.number().int().positive().default(86_400),
  overlap_seconds: z.number().int().nonnegative().default(300),
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
    author: { id: p.author.did, name: p.author.displayName || p.author.handle, followers: 0 },
    engagement: { likes: count(p.likeCount), shares: count(p.repostCount) + count(p.quoteCount), replies: count(p.replyCount) },
    lang: p.record.langs?.[0],
    in_reply_to: p.record.reply?.parent.uri ? `bluesky:${p.record.reply.parent.uri}` : undefined,
  };
}

// Access tokens are short-lived JWTs; kept in memory only, never in the cursor.
const sessions = new Map<string, { accessJwt: string; expiresAt: number }>();

function jwtExpiry(jwt: string, fallback: number): number {
  try {
    const payload = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: number };
    return typeof payload.exp === 'number' ? payload.exp * 1000 : fallback;
  } catch {
    return fallback;
  }
}

async function session(http: HttpClient, opts: Options, identifier: string, password: string, now: number): Promise<string> {
  const key = `${opts.service_url}\u0000${identifier}`;
  const hit = sessions.get(key);
  if (hit && hit.expiresAt > now + 60_000) return hit.accessJwt;
  const body = await http.get(`${opts.service_url.replace(/\/$/, '')}/xrpc/com.atproto.server.createSession`, {
    method: 'POST',
    data: JSON.stringify({ identifier, password }),
    headers: { 'Content-Type': 'application/json' },
  });
  const s = z.object({ accessJwt: z.string().min(1) }).safeParse(body);
  if (!s.success) throw new MalformedResponseError('bluesky createSession: response has no accessJwt');
  sessions.set(key, { accessJwt: s.data.accessJwt, expiresAt: jwtExpiry(s.data.accessJwt, now + 30 * 60_000) });
  return s.data.accessJwt;
}

async function searchPosts(opts: Options, ctx: ConnectorContext, params: Record<string, string | number | undefined>): Promise<unknown> {
  if (!opts.handle_env && !opts.app_password_env) {
    return ctx.http.get(`${opts.base_url.replace(/\/$/, '')}/xrpc/app.bsky.feed.searchPosts`, { params });
  }
  const identifier = ctx.secret(opts.handle_env);
  const password = ctx.secret(opts.app_password_env);
  if (!identifier || !password) {
    throw new BadCredentialsError(
      `source "${ctx.source.id}": bluesky login is configured but ${!identifier ? opts.handle_env ?? 'handle_env' : opts.app_password_env ?? 'app_password_env'} is not set`,
    );
  }
  const url = `${opts.service_url.replace(/\/$/, '')}/xrpc/app.bsky.feed.searchPosts`;
  for (let attempt = 0; ; attempt++) {
    const jwt = await session(ctx.http, opts, identifier, password, ctx.now().getTime());
    try {
      return await ctx.http.get(url, { params, headers: { Authorization: `Bearer ${jwt}` } });
    } catch (e) {
      // XRPC answers an expired token with 400 {"error":"ExpiredToken"}; other hosts with 401.
      const expired = e instanceof BadCredentialsError || (e instanceof MalformedResponseError && /ExpiredToken|InvalidToken/.test(e.message));
      if (!expired || attempt > 0) throw e;
      sessions.delete(`${opts.service_url}\u0000${identifier}`);
    }
  }
}

export const bluesky: Connector = {
  async fetchPage(cursor, ctx): Promise<PollPage> {
    const opts = sourceOptions(ctx.source, optionsSchema);
    const now = ctx.now().getTime();
    const prev = cursor as BlueskyCursor | undefined;
    const c: BlueskyCursor = resumeQueryWindows(prev, ctx.queries);
    if (!c.window) {
      const query = nextQuery(c, ctx.queries);
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
    parsed.data.posts.forEach((raw, i) => {
      const p = postViewSchema.safeParse(raw);
      if (!p.success) {
        const uri = (raw as { uri?: unknown } | null)?.uri;
        rejects.push({
          raw: JSON.stringify(raw),
          reason: `posts[${i}]${typeof uri === 'string' ? ` (${uri})` : ''} of the search for "${w.query}"${w.cursor ? ` at cursor ${w.cursor}` : ''}: ${p.error.issues.map((x) => `${x.path.join('.') || '(item)'}: ${x.message}`).join('; ')}`,
        });
      } else mentions.push(postToMention(p.data));
    });

    if (parsed.data.cursor && parsed.data.posts.length > 0) {
      c.window = { ...w, cursor: parsed.data.cursor };
    } else {
      const next = new Date(Date.parse(w.until) - opts.overlap_seconds * 1000).toISOString();
      c.since[w.query] = next > w.since ? next : w.since;
      c.window = undefined;
    }
    return { mentions, rejects, cursor: c, more: Boolean(c.window) || c.pending.length > 0 };
  },
};

/** For tests: forget cached sessions. */
export function clearBlueskySessions(): void {
  sessions.clear();
}
