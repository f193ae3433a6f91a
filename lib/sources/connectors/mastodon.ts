// Mastodon (any instance): hashtag timelines, public and keyless, plus full-text status
// search when an access token is configured (search of statuses needs one).
//
// Hashtag timelines (`GET /api/v1/timelines/tag/:hashtag`) are read forwards with `min_id`:
// the answer holds the statuses immediately newer than min_id (newest first) and a Link header
// whose rel="prev" URL carries the min_id of the following page; an empty page means caught up.
// The first poll of a tag reads only its newest page. Search (`GET /api/v2/search?type=statuses`)
// is read the same way with `min_id`.
// Status ids are local to the instance, so mention ids are `mastodon:<instance host>:<status id>`
// and a reply's `in_reply_to` uses the same form.
// API: https://docs.joinmastodon.org/methods/timelines/#tag, https://docs.joinmastodon.org/methods/search/,
//      https://docs.joinmastodon.org/api/guidelines/#pagination, https://docs.joinmastodon.org/entities/Status/
import { z } from 'zod';
import type { Mention } from '../../mention/mention.js';
import { envName } from '../../config/env-name.js';
import { defineConnector, requireSecret } from '../connector.js';
import { MalformedResponseError } from '../errors.js';
import { htmlToText } from '../html-text.js';
import { parseItem, rawField } from '../items.js';
import { baseUrl } from '../options.js';
import { keepConfigured } from '../rounds.js';
import type { Reject } from '../types.js';

const optionsSchema = z.object({
  /** The instance, e.g. https://mastodon.social. */
  base_url: baseUrl('https://mastodon.social'),
  /** Hashtags to follow (without "#"); default: each query with spaces and punctuation removed. */
  hashtags: z.array(z.string().regex(/^#?[\p{L}\p{N}_]+$/u, 'must be a hashtag (letters, digits, "_")')).optional(),
  /** Only statuses that originate on this instance. */
  local: z.boolean().default(false),
  /** Access token (read scope) env name: enables full-text search of each query. */
  token_env: envName('MASTODON_TOKEN').optional(),
  /** Statuses per request (Mastodon's maximum is 40). */
  limit: z.number().int().min(1).max(40).default(40),
});

export interface MastodonCursor {
  [key: string]: unknown;
  /** Per stream (`tag:<hashtag>` or `search:<query>`): the newest status id read. */
  since: Record<string, string>;
  /** Streams still to be read this round; the first one is being paged when `paging`. */
  pending: string[];
  paging?: boolean;
}

const accountSchema = z.object({
  id: z.string(),
  acct: z.string(),
  username: z.string().nullish(),
  display_name: z.string().nullish(),
  followers_count: z.number().nullish(),
});

const statusSchema = z.object({
  id: z.string().min(1),
  created_at: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'is not a timestamp'),
  content: z.string(),
  spoiler_text: z.string().nullish(),
  url: z.string().nullish(),
  uri: z.string().nullish(),
  language: z.string().nullish(),
  in_reply_to_id: z.string().nullish(),
  account: accountSchema,
  favourites_count: z.number().nullish(),
  reblogs_count: z.number().nullish(),
  replies_count: z.number().nullish(),
  tags: z.array(z.object({ name: z.string() })).nullish(),
});
type Status = z.infer<typeof statusSchema>;

const count = (n: number | null | undefined) => Math.max(0, Math.round(n ?? 0));

/** Snowflake-like ids compare as integers ("999" < "1000"). */
export function newerId(a: string | undefined, b: string | undefined): string | undefined {
  if (!a) return b;
  if (!b) return a;
  try {
    return BigInt(a) >= BigInt(b) ? a : b;
  } catch {
    return a.length !== b.length ? (a.length > b.length ? a : b) : a >= b ? a : b;
  }
}

export function statusToMention(s: Status, host: string): Mention {
  return {
    id: `mastodon:${host}:${s.id}`,
    platform: 'mastodon',
    text: htmlToText(s.content),
    title: s.spoiler_text ? s.spoiler_text : undefined,
    created_at: new Date(s.created_at).toISOString(),
    url: s.url ?? s.uri ?? '',
    author: { id: s.account.acct, name: s.account.display_name || s.account.acct, followers: count(s.account.followers_count) },
    engagement: { likes: count(s.favourites_count), shares: count(s.reblogs_count), replies: count(s.replies_count) },
    lang: s.language ?? undefined,
    in_reply_to: s.in_reply_to_id ? `mastodon:${host}:${s.in_reply_to_id}` : undefined,
  };
}

/** Parses an RFC 8288 Link header into rel -> URL. */
export function parseLinkHeader(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="?([^";]+)"?/.exec(part.trim());
    if (m) out[m[2]] = m[1];
  }
  return out;
}

/** Hashtag form of a query: "Acme Bank!" -> "AcmeBank". */
export const queryToHashtag = (q: string) => q.replace(/[^\p{L}\p{N}_]+/gu, '');

export const mastodon = defineConnector({
  type: 'mastodon',
  options: optionsSchema,
  async fetch(cursor, ctx, opts) {
    const base = opts.base_url;
    const host = new URL(base).host;
    const token = opts.token_env ? requireSecret(ctx, 'token_env', opts.token_env) : undefined;
    const tags = [...new Set((opts.hashtags ?? ctx.queries.map(queryToHashtag)).map((t) => t.replace(/^#/, '').toLowerCase()).filter(Boolean))];
    const streams = [...tags.map((t) => `tag:${t}`), ...(token ? ctx.queries.map((q) => `search:${q}`) : [])];
    const prev = cursor as MastodonCursor | undefined;
    const c: MastodonCursor = {
      since: { ...(prev?.since ?? {}) },
      pending: keepConfigured(prev?.pending, streams),
      paging: prev?.paging,
    };
    if (c.pending.length === 0) c.pending = [...streams];
    const stream = c.pending[0];
    if (stream === undefined) return { mentions: [], rejects: [], cursor: { ...c, paging: undefined }, more: false };
    const kind = stream.startsWith('tag:') ? 'tag' : 'search';
    const name = stream.slice(stream.indexOf(':') + 1);
    const since = c.since[stream];
    const headers = token ? { Authorization: `Bearer ${token}` } : undefined;

    let raw: unknown[];
    let link: Record<string, string> = {};
    if (kind === 'tag') {
      const res = await ctx.http.request(`${base}/api/v1/timelines/tag/${encodeURIComponent(name)}`, {
        params: { limit: opts.limit, min_id: since, local: opts.local ? 'true' : undefined },
        headers,
      });
      if (!Array.isArray(res.data)) throw new MalformedResponseError(`mastodon ${host} #${name}: timeline response is not an array of statuses`);
      raw = res.data;
      link = parseLinkHeader(res.headers.link);
    } else {
      const body = await ctx.http.get(`${base}/api/v2/search`, {
        params: { q: name, type: 'statuses', resolve: 'false', limit: opts.limit, min_id: since },
        headers,
      });
      const statuses = (body as { statuses?: unknown } | null)?.statuses;
      if (!Array.isArray(statuses)) throw new MalformedResponseError(`mastodon ${host} search "${name}": response has no statuses array`);
      raw = statuses;
    }

    const mentions: Mention[] = [];
    const rejects: Reject[] = [];
    let newest: string | undefined = since;
    const feed = kind === 'tag' ? `#${name} timeline` : `search "${name}"`;
    raw.forEach((item, i) => {
      const id = rawField(item, 'id');
      const st = parseItem(statusSchema, item, { at: `${feed} on ${host}, status[${i}]`, id, idLabel: 'id ' }, rejects);
      if (!st) {
        // A bad status still moves the stream past it.
        if (typeof id === 'string') newest = newerId(newest, id);
        return;
      }
      newest = newerId(newest, st.id);
      mentions.push(statusToMention(st, host));
    });
    // The rel="prev" link names where the next (newer) page starts; the page's newest id otherwise.
    const prevMinId = link.prev ? new URL(link.prev, base).searchParams.get('min_id') ?? undefined : undefined;
    const next = newerId(newest, prevMinId);
    if (next) c.since[stream] = next;
    // A full page after a known position means more statuses are waiting; the first read of a
    // stream only takes the newest page (it sets the starting point).
    const full = since !== undefined && raw.length >= opts.limit;
    if (full) c.paging = true;
    else {
      c.pending.shift();
      c.paging = undefined;
    }
    return { mentions, rejects, cursor: c, more: c.pending.length > 0 };
  },
});
