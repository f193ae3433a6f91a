// Comments on the brand's own Facebook Page posts and Instagram media, through the Meta
// Graph API with a Page access token:
//   GET {base}/{page-id}/feed?fields=id,message,created_time,permalink_url,
//       comments.filter(stream).order(reverse_chronological).limit(100){id,message,created_time,from,like_count,comment_count,parent{id},permalink_url}
//   GET {base}/{ig-user-id}/media?fields=id,caption,permalink,timestamp,username,
//       comments{id,text,timestamp,username,like_count,replies{id,text,timestamp,username,like_count}}
// Posts and media come newest first, paged by `paging.cursors.after` while `paging.next` is
// present. A round reads the posts (media) published within `posts_within_days`; comments
// newer than the mark are emitted. `filter(stream)` lists replies next to top-level comments
// with their `parent`, so a reply keeps `in_reply_to` (a Page's answer links to the complaint).
//
// Cursor: per platform, the newest comment time seen, plus the post page being read (only
// the `after` cursor is stored: Graph's `next` URLs can embed the token).
import { z } from 'zod';
import type { Mention } from '../../mention/mention.js';
import { envName } from '../../config/env-name.js';
import { describeIssues } from '../../config/zod-issues.js';
import { defineConnector, requireSecret } from '../connector.js';
import { MalformedResponseError } from '../errors.js';
import { GRAPH_BASE_URL, graphGet } from '../graph-api.js';
import { parseItem, rawField, utcIso } from '../items.js';
import { baseUrl, lookbackDays } from '../options.js';
import { nextKey, resumeRound, roundGoesOn } from '../rounds.js';
import { truncateText } from '../truncate.js';
import type { Reject } from '../types.js';

/** Post text stored as a comment's `title` (what the comment answers), at most this long. */
const TITLE_MAX = 200;

const optionsSchema = z
  .object({
    /** Versioned Graph API base; move the version forward as Meta retires old ones. */
    base_url: baseUrl(GRAPH_BASE_URL),
    /** Env variable holding a long-lived Page access token (pages_read_engagement, pages_read_user_content, instagram_basic, instagram_manage_comments). */
    access_token_env: envName('FACEBOOK_PAGE_TOKEN'),
    page_id: z.string().regex(/^\d+$/, 'must be the numeric Page id').optional(),
    /** The Instagram professional account linked to the Page (GET /{page-id}?fields=instagram_business_account). */
    instagram_user_id: z.string().regex(/^\d+$/, 'must be the numeric Instagram user id').optional(),
    /** Comments are read on posts published this recently. */
    posts_within_days: z.number().positive().default(14),
    /** Posts (media) per request. */
    posts_per_page: z.number().int().min(1).max(100).default(25),
    /** How far back the first poll reads comments. */
    lookback_days: lookbackDays(7),
  })
  .refine((o) => o.page_id || o.instagram_user_id, { message: 'set page_id, instagram_user_id or both' });

type Platform = 'facebook' | 'instagram';

export interface FacebookCursor {
  [key: string]: unknown;
  /** Per platform: the newest comment time read (ISO). */
  since: Partial<Record<Platform, string>>;
  pending: Platform[];
  current?: { platform: Platform; after?: string; newest?: string };
}

const ts = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'is not a timestamp');
const paging = z
  .object({ cursors: z.object({ before: z.string().optional(), after: z.string().optional() }).optional(), next: z.string().optional() })
  .optional();
const fbCommentSchema = z.object({
  id: z.string().min(1),
  message: z.string(),
  created_time: ts,
  from: z.object({ id: z.string(), name: z.string().optional() }).optional(),
  like_count: z.number().optional(),
  comment_count: z.number().optional(),
  parent: z.object({ id: z.string() }).optional(),
  permalink_url: z.string().optional(),
});
const fbPostSchema = z.object({
  id: z.string().min(1),
  message: z.string().optional(),
  created_time: ts,
  permalink_url: z.string().optional(),
  comments: z.object({ data: z.array(z.unknown()), paging }).optional(),
});
const igReplySchema = z.object({
  id: z.string().min(1),
  text: z.string(),
  timestamp: ts,
  username: z.string().optional(),
  like_count: z.number().optional(),
});
const igCommentSchema = igReplySchema.extend({ replies: z.object({ data: z.array(z.unknown()) }).optional() });
const igMediaSchema = z.object({
  id: z.string().min(1),
  /** The account that posted the media (the brand's): its own replies are the brand's. */
  username: z.string().optional(),
  caption: z.string().optional(),
  permalink: z.string().optional(),
  timestamp: ts,
  comments: z.object({ data: z.array(z.unknown()) }).optional(),
});
const listSchema = z.object({ data: z.array(z.unknown()), paging });

const FB_FIELDS =
  'id,message,created_time,permalink_url,comments.filter(stream).order(reverse_chronological).limit(100){id,message,created_time,from,like_count,comment_count,parent{id},permalink_url}';
const IG_FIELDS = 'id,caption,permalink,timestamp,username,comments{id,text,timestamp,username,like_count,replies{id,text,timestamp,username,like_count}}';

export const facebook = defineConnector({
  type: 'facebook',
  options: optionsSchema,
  traits: { owned: true },
  async fetch(cursor, ctx, opts) {
    const token = requireSecret(ctx, 'access_token_env', opts.access_token_env);
    const platforms: Platform[] = [...(opts.page_id ? (['facebook'] as const) : []), ...(opts.instagram_user_id ? (['instagram'] as const) : [])];
    const prev = cursor as FacebookCursor | undefined;
    const c: FacebookCursor = { since: { ...(prev?.since ?? {}) }, ...resumeRound(prev, platforms, (w) => w.platform) };
    c.current ??= { platform: nextKey(c, platforms)! };
    const cur = c.current;
    const now = ctx.now().getTime();
    const mark = c.since[cur.platform];
    const floor = mark ? Date.parse(mark) : now - opts.lookback_days * 86_400_000;
    const oldestPost = now - opts.posts_within_days * 86_400_000;
    const url = cur.platform === 'facebook' ? `${opts.base_url}/${opts.page_id}/feed` : `${opts.base_url}/${opts.instagram_user_id}/media`;
    const body = listSchema.safeParse(
      await graphGet(ctx.http, url, { fields: cur.platform === 'facebook' ? FB_FIELDS : IG_FIELDS, limit: opts.posts_per_page, after: cur.after }, token, opts.access_token_env),
    );
    if (!body.success) throw new MalformedResponseError(`${cur.platform} ${cur.platform === 'facebook' ? 'feed' : 'media'} list: ${describeIssues(body.error, { whole: '(body)' })}`);

    const mentions: Mention[] = [];
    const rejects: Reject[] = [];
    let pastWindow = false;
    const seen = (at: number) => {
      if (!cur.newest || at > Date.parse(cur.newest)) cur.newest = new Date(at).toISOString();
      return at >= floor;
    };

    body.data.data.forEach((rawPost, i) => {
      const where = `data[${i}] of the ${cur.platform} ${cur.platform === 'facebook' ? 'feed' : 'media'}`;
      if (cur.platform === 'facebook') {
        const post = parseItem(fbPostSchema, rawPost, { at: where, id: rawField(rawPost, 'id') }, rejects);
        if (!post) return;
        if (Date.parse(post.created_time) < oldestPost) pastWindow = true;
        (post.comments?.data ?? []).forEach((rawC, j) => {
          const k = parseItem(fbCommentSchema, rawC, { at: `${where} (${post.id}) comments.data[${j}]`, id: rawField(rawC, 'id') }, rejects);
          if (!k) return;
          if (!seen(Date.parse(k.created_time))) return;
          const fromPage = opts.page_id !== undefined && k.from?.id === opts.page_id;
          mentions.push({
            id: `facebook:${k.id}`,
            platform: 'facebook',
            text: k.message,
            created_at: utcIso(k.created_time),
            url: k.permalink_url ?? post.permalink_url ?? `https://www.facebook.com/${k.id}`,
            author: { id: k.from?.id ?? '', name: k.from?.name ?? '', followers: 0 },
            engagement: { likes: Math.max(0, k.like_count ?? 0), shares: 0, replies: Math.max(0, k.comment_count ?? 0) },
            in_reply_to: k.parent ? `facebook:${k.parent.id}` : undefined,
            thread_id: `facebook:${post.id}`, // the post: the Page's answer anywhere under it counts
            title: post.message ? truncateText(post.message, TITLE_MAX) : undefined,
            by_brand: fromPage,
            ...{ post_id: post.id, from_page: fromPage },
          } as Mention);
        });
      } else {
        const media = parseItem(igMediaSchema, rawPost, { at: where, id: rawField(rawPost, 'id') }, rejects);
        if (!media) return;
        if (Date.parse(media.timestamp) < oldestPost) pastWindow = true;
        const toMention = (k: z.infer<typeof igReplySchema>, parent?: string): Mention =>
          ({
            id: `instagram:${k.id}`,
            platform: 'instagram',
            text: k.text,
            created_at: utcIso(k.timestamp),
            url: media.permalink ?? '',
            author: { id: '', name: k.username ?? '', followers: 0 },
            engagement: { likes: Math.max(0, k.like_count ?? 0), shares: 0, replies: 0 },
            in_reply_to: parent ? `instagram:${parent}` : undefined,
            thread_id: `instagram:${media.id}`,
            title: media.caption ? truncateText(media.caption, TITLE_MAX) : undefined,
            by_brand: media.username !== undefined && k.username === media.username,
            ...{ media_id: media.id },
          }) as Mention;
        (media.comments?.data ?? []).forEach((rawC, j) => {
          const k = parseItem(igCommentSchema, rawC, { at: `${where} (${media.id}) comments.data[${j}]`, id: rawField(rawC, 'id') }, rejects);
          if (!k) return;
          if (seen(Date.parse(k.timestamp))) mentions.push({ ...toMention(k), engagement: { likes: Math.max(0, k.like_count ?? 0), shares: 0, replies: k.replies?.data.length ?? 0 } });
          (k.replies?.data ?? []).forEach((rawR, r) => {
            const reply = parseItem(igReplySchema, rawR, { at: `${where} (${media.id}) comments.data[${j}] (${k.id}) replies.data[${r}]` }, rejects);
            if (reply && seen(Date.parse(reply.timestamp))) mentions.push(toMention(reply, k.id));
          });
        });
      }
    });

    const after = body.data.paging?.cursors?.after;
    if (body.data.paging?.next && after && !pastWindow && body.data.data.length > 0) {
      c.current = { ...cur, after };
    } else {
      if (cur.newest && (!mark || Date.parse(cur.newest) > Date.parse(mark))) c.since[cur.platform] = cur.newest;
      c.current = undefined;
    }
    return { mentions, rejects, cursor: c, more: roundGoesOn(c.current, c.pending) };
  },
});
