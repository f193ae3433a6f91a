// Google Play reviews through the Google Play Developer API (Reply to Reviews), the only
// official API; it needs the app owner's OAuth access token (a service account with the
// "Reply to reviews" permission, scope https://www.googleapis.com/auth/androidpublisher):
//   GET {base}/androidpublisher/v3/applications/{packageName}/reviews?token=&maxResults=
// Only reviews created or modified in the last week, and only those with text, are listed;
// the first result is the most recently created or modified, pages chain by
// `tokenPagination.nextPageToken`. A review's text may be "title<TAB>body".
//
// The token is read from the env variable `access_token_env` names; minting it from a
// service-account key (e.g. `gcloud auth print-access-token` or google-auth-library) is left
// to the deployment, which refreshes the variable (tokens live one hour).
//
// Cursor: per package the newest `lastModified` (epoch seconds) seen. A round pages from the
// first page until a review older than that mark, then moves the mark; a crash mid-round
// resumes with the stored page token. Developer replies are emitted as their own mentions
// replying to the review (`in_reply_to`), so response times can be measured.
import { z } from 'zod';
import type { Mention } from '../../mention/mention.js';
import { envName } from '../../config/env-name.js';
import { describeIssues } from '../../config/zod-issues.js';
import { defineConnector, requireSecret } from '../connector.js';
import { MalformedResponseError } from '../errors.js';
import { parseItem, rawField, rejectItem } from '../items.js';
import { baseUrl } from '../options.js';
import { nextKey, resumeRound, roundGoesOn } from '../rounds.js';
import type { Reject } from '../types.js';

const optionsSchema = z.object({
  base_url: baseUrl('https://androidpublisher.googleapis.com'),
  /** Env variable holding an OAuth 2.0 access token with the androidpublisher scope. */
  access_token_env: envName('GOOGLE_PLAY_ACCESS_TOKEN'),
  apps: z
    .array(
      z.object({
        /** The application id, e.g. com.acme.bank. */
        package: z.string().regex(/^[A-Za-z][\w]*(\.[A-Za-z_][\w]*)+$/, 'must be a package name such as com.acme.bank'),
        /** The product name stored with each review (default: the package name). */
        name: z.string().min(1).optional(),
      }),
    )
    .min(1),
  max_results: z.number().int().min(1).max(100).default(100),
  /** Language to translate reviews into (the API's translationLanguage); default: as written. */
  translation_language: z.string().optional(),
});

export interface GooglePlayCursor {
  [key: string]: unknown;
  /** Per package: lastModified (epoch seconds) of the newest review seen. */
  since: Record<string, number>;
  pending: string[];
  current?: { package: string; token?: string; newest?: number };
}

const timestamp = z.object({ seconds: z.union([z.string().regex(/^\d+$/), z.number()]), nanos: z.number().optional() });
const userCommentSchema = z.object({
  text: z.string(),
  lastModified: timestamp,
  starRating: z.number().int().min(1).max(5),
  reviewerLanguage: z.string().optional(),
  device: z.string().optional(),
  androidOsVersion: z.number().optional(),
  appVersionCode: z.number().optional(),
  appVersionName: z.string().optional(),
  thumbsUpCount: z.number().optional(),
  thumbsDownCount: z.number().optional(),
});
const developerCommentSchema = z.object({ text: z.string(), lastModified: timestamp });
const reviewSchema = z.object({
  reviewId: z.string().min(1),
  authorName: z.string().optional(),
  comments: z.array(z.object({ userComment: z.unknown().optional(), developerComment: z.unknown().optional() })).min(1),
});
const bodySchema = z.object({
  reviews: z.array(z.unknown()).optional(),
  tokenPagination: z.object({ nextPageToken: z.string().optional() }).optional(),
  pageInfo: z.unknown().optional(),
});

const toMs = (t: z.infer<typeof timestamp>) => Number(t.seconds) * 1000 + Math.floor((t.nanos ?? 0) / 1e6);
export const googleplay = defineConnector({
  type: 'googleplay',
  options: optionsSchema,
  traits: { owned: true },
  async fetch(cursor, ctx, opts) {
    const token = requireSecret(ctx, 'access_token_env', opts.access_token_env);
    const packages = opts.apps.map((a) => a.package);
    const prev = cursor as GooglePlayCursor | undefined;
    const c: GooglePlayCursor = { since: { ...(prev?.since ?? {}) }, ...resumeRound(prev, packages, (w) => w.package) };
    c.current ??= { package: nextKey(c, packages)! };
    const cur = c.current;
    const app = opts.apps.find((a) => a.package === cur.package)!;
    const product = app.name ?? app.package;
    const since = c.since[cur.package] ?? 0; // the API itself only goes back a week

    const body = await ctx.http.get(`${opts.base_url}/androidpublisher/v3/applications/${encodeURIComponent(cur.package)}/reviews`, {
      params: { token: cur.token, maxResults: opts.max_results, translationLanguage: opts.translation_language },
      headers: { Authorization: `Bearer ${token}` },
    });
    const parsed = bodySchema.safeParse(body);
    if (!parsed.success) throw new MalformedResponseError(`googleplay reviews of ${cur.package}: ${describeIssues(parsed.error, { whole: '(body)' })}`);

    const mentions: Mention[] = [];
    const rejects: Reject[] = [];
    let reachedKnown = false;
    (parsed.data.reviews ?? []).forEach((raw, i) => {
      const where = `reviews[${i}] of ${cur.package}`;
      const place = { at: where, id: rawField(raw, 'reviewId') };
      const review = parseItem(reviewSchema, raw, place, rejects);
      if (!review) return;
      const userRaw = review.comments.find((x) => x.userComment)?.userComment;
      const user = userCommentSchema.safeParse(userRaw);
      if (!user.success) {
        rejects.push(rejectItem(raw, place, `comments[].userComment: ${userRaw === undefined ? 'missing' : describeIssues(user.error)}`));
        return;
      }
      const u = user.data;
      const modifiedMs = toMs(u.lastModified);
      const modifiedS = Math.floor(modifiedMs / 1000);
      cur.newest = Math.max(cur.newest ?? 0, modifiedS);
      if (modifiedS < since) {
        reachedKnown = true;
        return;
      }
      const tab = u.text.indexOf('\t');
      const id = `googleplay:${review.reviewId}`;
      const url = `https://play.google.com/store/apps/details?id=${encodeURIComponent(app.package)}&reviewId=${encodeURIComponent(review.reviewId)}`;
      mentions.push({
        id,
        platform: 'googleplay',
        title: tab >= 0 ? u.text.slice(0, tab).trim() || undefined : undefined,
        text: (tab >= 0 ? u.text.slice(tab + 1) : u.text).trim(),
        created_at: new Date(modifiedMs).toISOString(),
        url,
        author: { id: '', name: review.authorName ?? '', followers: 0 },
        engagement: { likes: Math.max(0, u.thumbsUpCount ?? 0), shares: 0, replies: review.comments.some((x) => x.developerComment) ? 1 : 0 },
        lang: u.reviewerLanguage ? u.reviewerLanguage.split(/[-_]/)[0].toLowerCase() : undefined,
        rating: u.starRating,
        product,
        ...{ package: app.package, app_version: u.appVersionName, device: u.device },
      } as Mention);
      review.comments.forEach((cm, j) => {
        if (cm.developerComment === undefined) return;
        const dev = developerCommentSchema.safeParse(cm.developerComment);
        if (!dev.success) {
          rejects.push(rejectItem(cm, { at: `${where} (${review.reviewId}) comments[${j}].developerComment` }, describeIssues(dev.error)));
          return;
        }
        mentions.push({
          id: `${id}:reply`,
          platform: 'googleplay',
          text: dev.data.text,
          created_at: new Date(toMs(dev.data.lastModified)).toISOString(),
          url,
          author: { id: app.package, name: product, followers: 0 },
          engagement: { likes: 0, shares: 0, replies: 0 },
          in_reply_to: id,
          product,
          by_brand: true,
          ...{ package: app.package, developer_reply: true },
        } as Mention);
      });
    });

    const next = parsed.data.tokenPagination?.nextPageToken;
    if (next && !reachedKnown && (parsed.data.reviews?.length ?? 0) > 0) {
      c.current = { ...cur, token: next };
    } else {
      if (cur.newest !== undefined) c.since[cur.package] = Math.max(since, cur.newest);
      c.current = undefined;
    }
    return { mentions, rejects, cursor: c, more: roundGoesOn(c.current, c.pending) };
  },
});
