// YouTube comments through the YouTube Data API v3 with an API key:
//   GET {base}/youtube/v3/commentThreads?part=snippet,replies&videoId=|allThreadsRelatedToChannelId=
//       &order=time&maxResults=&pageToken=&searchTerms=&textFormat=plainText&key=     (1 unit)
//   GET {base}/youtube/v3/search?part=snippet&type=video&order=date&q=&publishedAfter=&key=  (100 units)
// Three kinds of target: configured videos, configured channels (every thread on the
// channel's videos), and search mode (search.list for recent videos matching the brand
// queries, at most every `search.every_minutes`; found videos are then watched for
// `search.watch_days`). Threads come newest first; a thread carries up to 5 of its replies,
// which keep `in_reply_to` = their parent comment.
//
// Cursor: per target, the newest top-level comment time seen. A round visits every target
// (a "task"), paging each with pageToken until a thread older than its mark, then moves the
// mark; a crash mid-round resumes at the stored page token. Searched videos and the time of
// the last search live in the cursor too, so a restart neither re-spends search quota nor
// forgets the videos it watches.
import { z } from 'zod';
import type { Mention } from '../../mention/mention.js';
import { envName } from '../../config/env-name.js';
import { describeIssues } from '../../config/zod-issues.js';
import { defineConnector, requireSecret } from '../connector.js';
import { BadCredentialsError, MalformedResponseError, ResourceGoneError } from '../errors.js';
import { htmlToText } from '../html-text.js';
import { parseItem, rawField, rejectItem } from '../items.js';
import { baseUrl, lookbackDays } from '../options.js';
import { resumeRound, roundGoesOn } from '../rounds.js';
import type { Reject } from '../types.js';

const optionsSchema = z
  .object({
    base_url: baseUrl('https://www.googleapis.com'),
    /** Env variable holding a YouTube Data API v3 key. */
    api_key_env: envName('YOUTUBE_API_KEY'),
    video_ids: z.array(z.string().regex(/^[\w-]{6,}$/, 'must be a video id such as dQw4w9WgXcQ')).default([]),
    channel_ids: z.array(z.string().regex(/^UC[\w-]{10,}$/, 'must be a channel id starting with UC')).default([]),
    /** Only threads containing these words (the API's searchTerms), for video and channel targets. */
    search_terms: z.string().min(1).optional(),
    max_results: z.number().int().min(1).max(100).default(100),
    /** How far back the first poll of a target reads. */
    lookback_days: lookbackDays(7),
    search: z
      .object({
        enabled: z.boolean().default(true),
        /** search.list costs 100 units: run it at most this often. */
        every_minutes: z.number().int().positive().default(360),
        /** Videos per search (search.list maxResults). */
        max_videos: z.number().int().min(1).max(50).default(10),
        /** Videos published this recently are searched. */
        published_within_days: z.number().positive().default(7),
        /** A found video's comments are read for this long after it was found. */
        watch_days: z.number().positive().default(7),
      })
      .optional(),
  })
  .refine((o) => o.video_ids.length > 0 || o.channel_ids.length > 0 || o.search?.enabled, {
    message: 'set video_ids, channel_ids or search (or several)',
  });

export interface YouTubeCursor {
  [key: string]: unknown;
  /** Per task key ("video:<id>", "channel:<id>"): newest top-level comment time read (ISO). */
  since: Record<string, string>;
  /** Videos found by search mode: id -> when found (ISO). */
  found: Record<string, string>;
  /** When search.list last ran (ISO). */
  last_search?: string;
  pending: string[];
  current?: { key: string; page_token?: string; newest?: string };
}

const commentSnippet = z.object({
  videoId: z.string().optional(),
  textDisplay: z.string().optional(),
  textOriginal: z.string().optional(),
  authorDisplayName: z.string().optional(),
  authorChannelId: z.object({ value: z.string() }).optional(),
  likeCount: z.number().optional(),
  publishedAt: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'is not a timestamp'),
  parentId: z.string().optional(),
});
const commentSchema = z.object({ id: z.string().min(1), snippet: commentSnippet });
const threadSchema = z.object({
  id: z.string().min(1),
  snippet: z.object({
    videoId: z.string().optional(),
    channelId: z.string().optional(),
    topLevelComment: commentSchema,
    totalReplyCount: z.number().optional(),
  }),
  replies: z.object({ comments: z.array(z.unknown()) }).optional(),
});
const listSchema = z.object({ items: z.array(z.unknown()), nextPageToken: z.string().optional() });
const searchItemSchema = z.object({
  id: z.object({ kind: z.string(), videoId: z.string().optional() }),
  snippet: z.object({
    publishedAt: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'is not a timestamp'),
    channelId: z.string().optional(),
    channelTitle: z.string().optional(),
    title: z.string().optional(),
    description: z.string().optional(),
  }),
});

const issues = (e: z.ZodError) => describeIssues(e, { whole: '(body)' });

/** YouTube answers 400 (not 401) for an invalid key: map it to BadCredentialsError. */
async function call<T>(fn: () => Promise<T>, envVar: string): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof MalformedResponseError && /keyInvalid|API key not valid|API_KEY_INVALID/i.test(e.message)) {
      throw new BadCredentialsError(`youtube rejected the API key in ${envVar}: ${e.message}`);
    }
    throw e;
  }
}

function commentMention(c: z.infer<typeof commentSchema>, videoId: string | undefined, replies = 0): Mention {
  const s = c.snippet;
  const vid = s.videoId ?? videoId;
  return {
    id: `youtube:${c.id}`,
    platform: 'youtube',
    text: s.textOriginal ?? htmlToText(s.textDisplay),
    created_at: new Date(Date.parse(s.publishedAt)).toISOString(),
    url: vid ? `https://www.youtube.com/watch?v=${vid}&lc=${c.id}` : '',
    author: { id: s.authorChannelId?.value ?? '', name: s.authorDisplayName ?? '', followers: 0 },
    engagement: { likes: Math.max(0, s.likeCount ?? 0), shares: 0, replies: Math.max(0, replies) },
    in_reply_to: s.parentId ? `youtube:${s.parentId}` : undefined,
    ...{ video_id: vid },
  } as Mention;
}

export const youtube = defineConnector({
  type: 'youtube',
  options: optionsSchema,
  async fetch(cursor, ctx, opts) {
    const key = requireSecret(ctx, 'api_key_env', opts.api_key_env);
    const base = `${opts.base_url}/youtube/v3`;
    const now = ctx.now().getTime();
    const search = opts.search?.enabled ? opts.search : undefined;
    const prev = cursor as YouTubeCursor | undefined;
    const found = Object.fromEntries(
      Object.entries(prev?.found ?? {}).filter(([, at]) => search && now - Date.parse(at) < search.watch_days * 86_400_000),
    );
    // One search.list call (100 units) covers every brand query: YouTube's q takes "|" as OR.
    const searchQuery = [...new Set(ctx.queries)].map((q) => (/\s/.test(q) ? `"${q.replace(/"/g, '')}"` : q)).join('|');
    const configured = [...opts.video_ids.map((v) => `video:${v}`), ...opts.channel_ids.map((ch) => `channel:${ch}`)];
    const valid = (k: string) =>
      configured.includes(k) || (k.startsWith('video:') && k.slice(6) in found) || (!!search && k === `search:${searchQuery}`);
    const c: YouTubeCursor = { since: { ...(prev?.since ?? {}) }, found, last_search: prev?.last_search, ...resumeRound(prev, valid, (w) => w.key) };
    // Targets that no longer exist drop their marks.
    for (const k of Object.keys(c.since)) if (!valid(k)) delete c.since[k];

    if (!c.current && c.pending.length === 0) {
      const searchDue = search && (!c.last_search || now - Date.parse(c.last_search) >= search.every_minutes * 60_000);
      if (searchDue) c.last_search = new Date(now).toISOString();
      c.pending = [
        ...(searchDue && searchQuery ? [`search:${searchQuery}`] : []),
        ...configured,
        ...Object.keys(c.found).map((v) => `video:${v}`).filter((k) => !configured.includes(k)),
      ];
    }
    if (!c.current) {
      const next = c.pending.shift();
      if (next === undefined) return { mentions: [], rejects: [], cursor: c, more: false };
      c.current = { key: next };
    }
    const cur = c.current;
    const mentions: Mention[] = [];
    const rejects: Reject[] = [];

    if (cur.key.startsWith('search:')) {
      const q = cur.key.slice(7);
      const body = listSchema.safeParse(
        await call(
          () =>
            ctx.http.get(`${base}/search`, {
              params: {
                part: 'snippet',
                type: 'video',
                order: 'date',
                q,
                maxResults: search!.max_videos,
                publishedAfter: new Date(now - search!.published_within_days * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
                key,
              },
            }),
          opts.api_key_env,
        ),
      );
      if (!body.success) throw new MalformedResponseError(`youtube search for "${q}": ${issues(body.error)}`);
      body.data.items.forEach((raw, i) => {
        const place = { at: `items[${i}] of search "${q}"` };
        const it = parseItem(searchItemSchema, raw, place, rejects);
        if (!it) return;
        const vid = it.id.videoId;
        if (!vid) {
          rejects.push(rejectItem(raw, place, 'id.videoId: missing'));
          return;
        }
        const sn = it.snippet;
        if (!(vid in c.found)) c.found[vid] = new Date(now).toISOString();
        const k = `video:${vid}`;
        if (!c.pending.includes(k) && !configured.includes(k)) c.pending.push(k);
        // The video itself mentions the brand: keep it too.
        mentions.push({
          id: `youtube:video:${vid}`,
          platform: 'youtube',
          title: htmlToText(sn.title) || undefined,
          text: htmlToText(sn.description),
          created_at: new Date(Date.parse(sn.publishedAt)).toISOString(),
          url: `https://www.youtube.com/watch?v=${vid}`,
          author: { id: sn.channelId ?? '', name: sn.channelTitle ?? '', followers: 0 },
          engagement: { likes: 0, shares: 0, replies: 0 },
          ...{ video_id: vid, found_by_query: q },
        } as Mention);
      });
      c.current = undefined;
      return { mentions, rejects, cursor: c, more: c.pending.length > 0 };
    }

    const [kind, target] = [cur.key.slice(0, cur.key.indexOf(':')), cur.key.slice(cur.key.indexOf(':') + 1)];
    const mark = c.since[cur.key];
    const floor = mark ? Date.parse(mark) : now - opts.lookback_days * 86_400_000;
    let raw: unknown;
    try {
      raw = await call(
        () =>
          ctx.http.get(`${base}/commentThreads`, {
            params: {
              part: 'snippet,replies',
              ...(kind === 'video' ? { videoId: target } : { allThreadsRelatedToChannelId: target }),
              order: 'time',
              textFormat: 'plainText',
              maxResults: opts.max_results,
              pageToken: cur.page_token,
              searchTerms: opts.search_terms,
              key,
            },
          }),
        opts.api_key_env,
      );
    } catch (e) {
      // A video found by search may have comments disabled (403) or be gone (404): stop
      // watching it. Configured targets fail loudly instead.
      if (!configured.includes(cur.key) && (e instanceof BadCredentialsError || e instanceof ResourceGoneError)) {
        delete c.found[target];
        delete c.since[cur.key];
        c.current = undefined;
        return { mentions, rejects, cursor: c, more: c.pending.length > 0 };
      }
      throw e;
    }
    const body = listSchema.safeParse(raw);
    if (!body.success) throw new MalformedResponseError(`youtube commentThreads for ${kind} ${target}: ${issues(body.error)}`);

    let reachedKnown = false;
    body.data.items.forEach((rawThread, i) => {
      const where = `items[${i}] of ${kind} ${target}`;
      const th = parseItem(threadSchema, rawThread, { at: where, id: rawField(rawThread, 'id') }, rejects);
      if (!th) return;
      const top = th.snippet.topLevelComment;
      const at = Date.parse(top.snippet.publishedAt);
      if (!cur.newest || at > Date.parse(cur.newest)) cur.newest = new Date(at).toISOString();
      if (at >= floor) mentions.push({ ...commentMention(top, th.snippet.videoId, th.snippet.totalReplyCount ?? 0), thread_id: `youtube:${top.id}` });
      else reachedKnown = true;
      (th.replies?.comments ?? []).forEach((rawReply, j) => {
        const reply = parseItem(commentSchema, rawReply, { at: `${where} (${th.id}) replies.comments[${j}]` }, rejects);
        if (!reply || Date.parse(reply.snippet.publishedAt) < floor) return;
        const m = commentMention(reply, th.snippet.videoId);
        mentions.push({ ...m, in_reply_to: m.in_reply_to ?? `youtube:${top.id}`, thread_id: `youtube:${top.id}` });
      });
    });

    if (body.data.nextPageToken && !reachedKnown && body.data.items.length > 0) {
      c.current = { ...cur, page_token: body.data.nextPageToken };
    } else {
      if (cur.newest && (!mark || Date.parse(cur.newest) > Date.parse(mark))) c.since[cur.key] = cur.newest;
      c.current = undefined;
    }
    return { mentions, rejects, cursor: c, more: roundGoesOn(c.current, c.pending) };
  },
});
