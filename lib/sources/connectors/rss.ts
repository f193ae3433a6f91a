// RSS 2.0, RSS 1.0 (RDF) and Atom feeds: news search feeds, blogs, forums, status pages.
// A feed has no "since" parameter, so each poll downloads it (conditionally: the ETag and
// Last-Modified of the previous answer go back as If-None-Match / If-Modified-Since, and a
// 304 costs nothing) and keeps the items it has not seen: by guid/id (or link), remembered
// per feed, and not older than the newest item seen minus `max_age_seconds` (so an id that
// fell out of the remembered list does not come back as new).
// A feed URL may contain `{query}`, expanded once per watched query (URL-encoded): e.g.
// `https://news.google.com/rss/search?q={query}&hl=en-US&gl=US&ceid=US:en`.
// Specs: https://www.rssboard.org/rss-specification, RFC 4287 (Atom), RFC 9110 §13.1 (conditional requests).
import { createHash } from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import type { Mention } from '../../mention/mention.js';
import { defineConnector } from '../connector.js';
import { MalformedResponseError } from '../errors.js';
import { htmlToText } from '../html-text.js';
import { rejectItem } from '../items.js';
import { keepConfigured, nextKey } from '../rounds.js';
import { truncateText } from '../truncate.js';
import type { Reject } from '../types.js';

const optionsSchema = z.object({
  /** Feed URLs; `{query}` is replaced by each watched query. */
  feeds: z
    .array(
      z.string().refine((u) => {
        try {
          return /^https?:$/.test(new URL(u.replaceAll('{query}', 'q')).protocol);
        } catch {
          return false;
        }
      }, 'must be an http(s) URL (it may contain {query})'),
    )
    .min(1),
  /** Stored as the mentions' platform (e.g. "news", "forum"). */
  platform: z.string().regex(/^[a-z0-9_-]{1,64}$/, 'must be lower-case letters, digits, "-" or "_"').default('rss'),
  /** How far back the first read of a feed keeps items. */
  lookback_seconds: z.number().int().positive().default(7 * 86_400),
  /** Items older than the newest seen minus this are never new again. */
  max_age_seconds: z.number().int().positive().default(3 * 86_400),
  /** Item ids remembered per feed. */
  seen_limit: z.number().int().min(10).max(10_000).default(1000),
});

export interface FeedState {
  etag?: string;
  last_modified?: string;
  /** Ids of items already emitted (oldest first, bounded by `seen_limit`). */
  seen: string[];
  /** Newest item date seen (ISO). */
  newest?: string;
}

export interface RssCursor {
  [key: string]: unknown;
  feeds: Record<string, FeedState>;
  /** Feed URLs still to be read this round. */
  pending: string[];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: true,
  isArray: (name: string, jpath: unknown) =>
    ['rss.channel.item', 'feed.entry', 'rdf:RDF.item', 'feed.entry.link', 'feed.entry.author', 'rss.channel.item.category'].includes(String(jpath)),
});

/** The text of an element that may carry attributes (`{ '#text': ..., '@_type': ... }`). */
function text(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return text(v[0]);
  if (typeof v === 'object') return text((v as Record<string, unknown>)['#text']);
  return undefined;
}

interface FeedItem {
  id?: string;
  title?: string;
  link?: string;
  html?: string;
  date?: string;
  author?: string;
  publisher?: string;
}

function atomLink(links: unknown): string | undefined {
  if (!Array.isArray(links)) return text(links);
  const alt = links.find((l) => {
    const rel = (l as Record<string, unknown>)?.['@_rel'];
    return rel === undefined || rel === 'alternate';
  }) ?? links[0];
  return (alt as Record<string, unknown>)?.['@_href'] as string | undefined ?? text(alt);
}

/** Items of an RSS 2.0, RSS 1.0 or Atom document, or undefined when it is none of them. */
export function feedItems(doc: Record<string, unknown>): { raw: unknown; item: FeedItem }[] | undefined {
  const rss = (doc.rss as Record<string, unknown> | undefined)?.channel as Record<string, unknown> | undefined;
  const rdf = doc['rdf:RDF'] as Record<string, unknown> | undefined;
  const atom = doc.feed as Record<string, unknown> | undefined;
  if (rss || rdf) {
    const items = ((rss ?? rdf)?.item as unknown[] | undefined) ?? [];
    return items.map((raw) => {
      const it = (raw ?? {}) as Record<string, unknown>;
      const link = text(it.link);
      return {
        raw,
        item: {
          id: text(it.guid) ?? (it['@_rdf:about'] as string | undefined) ?? link,
          title: text(it.title),
          link,
          html: text(it['content:encoded']) ?? text(it.description),
          date: text(it.pubDate) ?? text(it['dc:date']) ?? text(it['a10:updated']),
          author: text(it['dc:creator']) ?? text(it.author),
          publisher: text(it.source),
        },
      };
    });
  }
  if (atom) {
    const entries = (atom.entry as unknown[] | undefined) ?? [];
    return entries.map((raw) => {
      const e = (raw ?? {}) as Record<string, unknown>;
      const author = Array.isArray(e.author) ? (e.author[0] as Record<string, unknown> | undefined) : undefined;
      return {
        raw,
        item: {
          id: text(e.id) ?? atomLink(e.link),
          title: text(e.title),
          link: atomLink(e.link),
          html: text(e.content) ?? text(e.summary),
          date: text(e.published) ?? text(e.updated),
          author: text(author?.name),
        },
      };
    });
  }
  return undefined;
}

/** Mention id for a feed item: readable when short, hashed when very long. */
function mentionId(platform: string, itemId: string): string {
  const id = itemId.length <= 400 ? itemId : createHash('sha256').update(itemId).digest('hex');
  return `${platform}:${id}`;
}

export function expandFeeds(feeds: string[], queries: string[]): string[] {
  return [...new Set(feeds.flatMap((f) => (f.includes('{query}') ? queries.map((q) => f.replaceAll('{query}', encodeURIComponent(q))) : [f])))];
}

export const rss = defineConnector({
  type: 'rss',
  options: optionsSchema,
  async fetch(cursor, ctx, opts) {
    const now = ctx.now().getTime();
    const urls = expandFeeds(opts.feeds, ctx.queries);
    const prev = cursor as RssCursor | undefined;
    const c: RssCursor = {
      // Feeds no longer configured are forgotten.
      feeds: Object.fromEntries(Object.entries(prev?.feeds ?? {}).filter(([u]) => urls.includes(u))),
      pending: keepConfigured(prev?.pending, urls),
    };
    const url = nextKey(c, urls);
    if (url === undefined) return { mentions: [], rejects: [], cursor: c, more: false };
    const state: FeedState = { ...(c.feeds[url] ?? { seen: [] }), seen: [...(c.feeds[url]?.seen ?? [])] };

    const headers: Record<string, string> = { Accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5' };
    if (state.etag) headers['If-None-Match'] = state.etag;
    if (state.last_modified) headers['If-Modified-Since'] = state.last_modified;
    const res = await ctx.http.request<string>(url, { as: 'text', headers });
    if (res.status === 304) {
      return { mentions: [], rejects: [], cursor: c, more: c.pending.length > 0 };
    }
    const body = String(res.data ?? '');
    const valid = XMLValidator.validate(body);
    if (valid !== true) {
      throw new MalformedResponseError(`feed ${url}: not well-formed XML (line ${valid.err.line}: ${valid.err.msg})`);
    }
    const items = feedItems(parser.parse(body) as Record<string, unknown>);
    if (!items) throw new MalformedResponseError(`feed ${url}: the document is neither RSS (rss/channel, rdf:RDF) nor Atom (feed)`);

    const seen = new Set(state.seen);
    const floor = state.newest ? Date.parse(state.newest) - opts.max_age_seconds * 1000 : now - opts.lookback_seconds * 1000;
    const mentions: Mention[] = [];
    const rejects: Reject[] = [];
    let newest = state.newest ? Date.parse(state.newest) : 0;
    const current: string[] = [];
    items.forEach(({ raw, item }, i) => {
      const place = { at: `feed ${url} item[${i}]`, id: item.id ? truncateText(item.id, 120) : undefined };
      if (!item.id) {
        rejects.push(rejectItem(raw, place, 'guid/id: missing, and no link to stand in for it'));
        return;
      }
      let at = now;
      if (item.date) {
        at = Date.parse(item.date);
        if (Number.isNaN(at)) {
          rejects.push(rejectItem(raw, place, `pubDate/published: "${item.date}" is not a date`));
          current.push(item.id);
          return;
        }
      }
      current.push(item.id);
      if (seen.has(item.id) || at < floor) return;
      newest = Math.max(newest, at);
      const m: Mention = {
        id: mentionId(opts.platform, item.id),
        platform: opts.platform,
        text: htmlToText(item.html) || htmlToText(item.title),
        title: item.title ? htmlToText(item.title) : undefined,
        created_at: new Date(at).toISOString(),
        url: item.link ?? '',
        author: { id: item.author ?? '', name: item.author ?? '', followers: 0 },
        engagement: { likes: 0, shares: 0, replies: 0 },
      };
      mentions.push(item.publisher ? Object.assign(m, { publisher: item.publisher, feed: url }) : Object.assign(m, { feed: url }));
    });

    // Remember this answer's ids (and the older ones, up to the limit).
    const merged = [...state.seen.filter((id) => !current.includes(id)), ...current.slice().reverse()];
    c.feeds[url] = {
      etag: res.headers.etag || undefined,
      last_modified: res.headers['last-modified'] || undefined,
      seen: merged.slice(-opts.seen_limit),
      newest: newest ? new Date(newest).toISOString() : undefined,
    };
    return { mentions, rejects, cursor: c, more: c.pending.length > 0 };
  },
});
