// Apple App Store customer reviews through the public per-country RSS feed (no key):
//   GET {base}/{country}/rss/customerreviews/page={n}/id={appId}/sortby=mostrecent/json
// The feed is newest first, 50 entries a page, at most 10 pages (500 reviews) per app and
// country. Some responses start with an app-metadata entry (im:name, no im:rating): it is
// skipped. A single entry arrives as an object rather than an array, and a page past the
// end has no `entry` at all.
//
// Cursor: per app+country the newest review (id, updated) seen; a round pages each
// app+country from page 1 until it reaches a review at or before that mark (or the
// first-poll lookback), then moves the mark to the newest review of page 1. The mark moves
// only when the round for that app+country ends, so a crash mid-round resumes the round.
import { z } from 'zod';
import type { Mention } from '../../mention/mention.js';
import { defineConnector } from '../connector.js';
import { MalformedResponseError } from '../errors.js';
import { parseItem, rawField } from '../items.js';
import { baseUrl, lookbackDays } from '../options.js';
import { nextKey, resumeRound, roundGoesOn } from '../rounds.js';
import type { Reject } from '../types.js';

const MAX_FEED_PAGES = 10;

const optionsSchema = z.object({
  base_url: baseUrl('https://itunes.apple.com'),
  apps: z
    .array(
      z.object({
        /** Numeric App Store id (the digits in apps.apple.com/.../id<digits>). */
        id: z.string().regex(/^\d+$/, 'must be the numeric App Store id'),
        /** The product name stored with each review (default: the feed's app name, else the id). */
        name: z.string().min(1).optional(),
        /** Storefronts to read (ISO 3166 alpha-2, lower case); default: the source's `countries`. */
        countries: z.array(z.string().regex(/^[a-z]{2}$/)).min(1).optional(),
      }),
    )
    .min(1),
  countries: z.array(z.string().regex(/^[a-z]{2}$/, 'must be a lower-case ISO country code such as "us"')).min(1).default(['us']),
  /** How far back the first poll of an app+country reads. */
  lookback_days: lookbackDays(30),
});

interface Mark {
  id: string;
  updated: string;
}

export interface AppStoreCursor {
  [key: string]: unknown;
  /** Per "appId:country": the newest review seen. */
  seen: Record<string, Mark>;
  /** App names learned from the feed metadata entry. */
  names: Record<string, string>;
  /** "appId:country" keys still to read this round. */
  pending: string[];
  /** The app+country being paged through. */
  current?: { key: string; page: number; newest?: Mark };
}

const label = z.object({ label: z.string() });
const entrySchema = z.object({
  id: label,
  updated: label.refine((l) => !Number.isNaN(Date.parse(l.label)), 'is not a timestamp'),
  'im:rating': label.refine((l) => /^[1-5]$/.test(l.label.trim()), 'must be a star rating 1..5'),
  title: label.optional(),
  content: label.extend({ attributes: z.object({ type: z.string().optional() }).optional() }),
  author: z.object({ name: label, uri: label.optional() }),
  'im:version': label.optional(),
  'im:voteSum': label.optional(),
  'im:voteCount': label.optional(),
});

const bodySchema = z.object({
  feed: z.object({
    entry: z.union([z.array(z.unknown()), z.record(z.string(), z.unknown())]).optional(),
    link: z.union([z.array(z.unknown()), z.record(z.string(), z.unknown())]).optional(),
  }),
});

function keyOf(appId: string, country: string) {
  return `${appId}:${country}`;
}

/** The last page the feed advertises (link rel="last" ... /page=N/ ...), if any. */
function lastPage(links: unknown): number | undefined {
  const list = Array.isArray(links) ? links : links ? [links] : [];
  for (const l of list) {
    const attrs = (l as { attributes?: { rel?: string; href?: string } })?.attributes;
    if (attrs?.rel === 'last' && attrs.href) {
      const m = /page=(\d+)/.exec(attrs.href);
      if (m) return Number(m[1]);
    }
  }
  return undefined;
}

const isMetadataEntry = (raw: unknown) =>
  typeof raw === 'object' && raw !== null && !('im:rating' in raw) && ('im:name' in raw || 'im:contentType' in raw || 'im:image' in raw);

const newer = (a: Mark, b: Mark | undefined) => !b || Date.parse(a.updated) > Date.parse(b.updated);

export const appstore = defineConnector({
  type: 'appstore',
  options: optionsSchema,
  traits: { owned: true },
  async fetch(cursor, ctx, opts) {
    const apps = new Map(opts.apps.map((a) => [a.id, a]));
    const keys = opts.apps.flatMap((a) => (a.countries ?? opts.countries).map((c) => keyOf(a.id, c)));
    const prev = cursor as AppStoreCursor | undefined;
    const c: AppStoreCursor = { seen: { ...(prev?.seen ?? {}) }, names: { ...(prev?.names ?? {}) }, ...resumeRound(prev, keys, (w) => w.key) };
    c.current ??= { key: nextKey(c, keys)!, page: 1 };
    const { key, page } = c.current;
    const [appId, country] = key.split(':');
    const app = apps.get(appId)!;
    const mark = c.seen[key];
    const floor = mark ? Date.parse(mark.updated) : ctx.now().getTime() - opts.lookback_days * 86_400_000;

    const url = `${opts.base_url}/${country}/rss/customerreviews/page=${page}/id=${appId}/sortby=mostrecent/json`;
    const parsed = bodySchema.safeParse(await ctx.http.get(url));
    if (!parsed.success) throw new MalformedResponseError(`appstore feed for app ${appId} (${country}) page ${page}: no "feed" object`);
    const rawEntries = parsed.data.feed.entry === undefined ? [] : Array.isArray(parsed.data.feed.entry) ? parsed.data.feed.entry : [parsed.data.feed.entry];

    const mentions: Mention[] = [];
    const rejects: Reject[] = [];
    let reachedKnown = false;
    let reviews = 0;
    rawEntries.forEach((raw, i) => {
      if (isMetadataEntry(raw)) {
        const name = (raw as { 'im:name'?: { label?: unknown } })['im:name']?.label;
        if (typeof name === 'string' && name) c.names[appId] = name;
        return;
      }
      reviews++;
      const at = `feed.entry[${i}] of app ${appId} (${country}) page ${page}`;
      const r = parseItem(entrySchema, raw, { at, id: rawField(rawField(raw, 'id'), 'label'), idLabel: 'id ' }, rejects);
      if (!r) return;
      const updatedMs = Date.parse(r.updated.label);
      const here: Mark = { id: r.id.label, updated: new Date(updatedMs).toISOString() };
      if (newer(here, c.current!.newest)) c.current!.newest = here;
      if (updatedMs < floor || (mark && r.id.label === mark.id)) {
        reachedKnown = true;
        return;
      }
      const authorUri = r.author.uri?.label ?? '';
      mentions.push({
        id: `appstore:${r.id.label}`,
        platform: 'appstore',
        text: r.content.label,
        title: r.title?.label || undefined,
        created_at: here.updated,
        url: `https://apps.apple.com/${country}/app/id${appId}?see-all=reviews`,
        author: { id: /id(\d+)/.exec(authorUri)?.[1] ?? authorUri, name: r.author.name.label, followers: 0 },
        engagement: { likes: Math.max(0, Number(r['im:voteSum']?.label ?? 0) || 0), shares: 0, replies: 0 },
        rating: Number(r['im:rating'].label.trim()),
        product: app.name ?? c.names[appId] ?? `App Store app ${appId}`,
        // Kept in the row's `extra` JSON.
        ...{ country, app_id: appId, app_version: r['im:version']?.label },
      } as Mention);
    });

    const last = Math.min(MAX_FEED_PAGES, lastPage(parsed.data.feed.link) ?? MAX_FEED_PAGES);
    if (!reachedKnown && reviews > 0 && page < last) {
      c.current = { ...c.current, page: page + 1 };
    } else {
      const newest = c.current.newest;
      if (newest && newer(newest, mark)) c.seen[key] = newest;
      c.current = undefined;
    }
    return { mentions, rejects, cursor: c, more: roundGoesOn(c.current, c.pending) };
  },
});
