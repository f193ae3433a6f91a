// Apple App Store customer reviews and the developer's responses through the App Store Connect
// API, for the app's owner (the public feed, `appstore`, has no responses, so the care queue
// could not see an App Store review answered):
//   GET {base}/v1/apps/{id}/customerReviews?sort=-createdDate&limit=&include=response
// JSON:API: reviews in `data` (rating, title, body, reviewerNickname, createdDate, territory),
// the included `customerReviewResponses` (responseBody, lastModifiedDate, state) linked by
// `relationships.response`, pages chained by `links.next`. Authorised by a JWT signed with the
// team's API key (app-store-jwt.ts): issuer id and key id in the config, the .p8 key's content
// in the env variable `private_key_env` names.
//
// A response can come days after its review, so each round reads two lists per app:
//   - new reviews, newest first, until the review at the mark (or the first poll's lookback);
//   - answered reviews (`exists[publishedResponse]=true`), newest first, back `answer_window_days`,
//     emitting only the responses (the store drops those it has).
// Cursor: per app the newest review (id, createdDate) seen, the round's keys left, and the list
// being paged with its next link; the mark moves when an app's new-review list ends.
import { z } from 'zod';
import type { Mention } from '../../mention/mention.js';
import { envName } from '../../config/env-name.js';
import { describeIssues } from '../../config/zod-issues.js';
import { withAccessToken } from '../access-token.js';
import { appStoreToken } from '../app-store-jwt.js';
import { defineConnector, requireSecret } from '../connector.js';
import { BadCredentialsError, MalformedResponseError } from '../errors.js';
import { parseItem, rawField, rejectItem, utcIso } from '../items.js';
import { baseUrl, lookbackDays } from '../options.js';
import { nextKey, resumeRound, roundGoesOn } from '../rounds.js';
import type { Reject } from '../types.js';

const optionsSchema = z.object({
  base_url: baseUrl('https://api.appstoreconnect.apple.com'),
  /** The API key's issuer id (App Store Connect > Users and Access > Integrations). */
  issuer_id: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be the issuer id, a UUID'),
  /** The API key's id (10 characters, as in AuthKey_<id>.p8). */
  key_id: z.string().regex(/^[A-Z0-9]{10}$/, 'must be the 10-character key id'),
  /** Env variable holding the .p8 private key's content. */
  private_key_env: envName('APP_STORE_CONNECT_PRIVATE_KEY'),
  apps: z
    .array(
      z.object({
        /** The app's Apple id (the digits in apps.apple.com/.../id<digits>). */
        id: z.string().regex(/^\d+$/, 'must be the numeric Apple id of the app'),
        /** The product name stored with each review (default: "App Store app <id>"). */
        name: z.string().min(1).optional(),
      }),
    )
    .min(1),
  limit: z.number().int().min(1).max(200).default(200),
  /** How far back the first poll of an app reads. */
  lookback_days: lookbackDays(30),
  /** How far back each round looks for new responses to reviews already stored. */
  answer_window_days: lookbackDays(14),
});

type List = 'new' | 'answers';

interface Mark {
  id: string;
  created: string;
}

export interface AppStoreConnectCursor {
  [key: string]: unknown;
  /** Per app id: the newest review seen. */
  seen: Record<string, Mark>;
  /** "appId:new" / "appId:answers" keys still to read this round. */
  pending: string[];
  /** The list being paged: its next link, and the newest review it has shown. */
  current?: { key: string; next?: string; newest?: Mark };
}

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'is not a timestamp');
const reviewSchema = z.object({
  type: z.literal('customerReviews'),
  id: z.string().min(1),
  attributes: z.object({
    rating: z.number().int().min(1).max(5),
    title: z.string().nullish(),
    body: z.string().nullish(),
    reviewerNickname: z.string().nullish(),
    createdDate: isoDate,
    territory: z.string().nullish(),
  }),
  relationships: z.object({ response: z.object({ data: z.object({ id: z.string() }).nullish() }).optional() }).optional(),
});
const responseSchema = z.object({
  type: z.literal('customerReviewResponses'),
  id: z.string().min(1),
  attributes: z.object({ responseBody: z.string(), lastModifiedDate: isoDate, state: z.string().nullish() }),
});
const bodySchema = z.object({
  data: z.array(z.unknown()),
  included: z.array(z.unknown()).optional(),
  links: z.object({ next: z.string().url().optional() }).partial().optional(),
});

const keyOf = (appId: string, list: List) => `${appId}:${list}`;
const newer = (a: Mark, b: Mark | undefined) => !b || Date.parse(a.created) > Date.parse(b.created);

export const appstoreconnect = defineConnector({
  type: 'appstoreconnect',
  options: optionsSchema,
  traits: { owned: true },
  async fetch(cursor, ctx, opts) {
    const pem = requireSecret(ctx, 'private_key_env', opts.private_key_env);
    const keys = opts.apps.flatMap((a) => [keyOf(a.id, 'new'), keyOf(a.id, 'answers')]);
    const prev = cursor as AppStoreConnectCursor | undefined;
    const c: AppStoreConnectCursor = { seen: { ...(prev?.seen ?? {}) }, ...resumeRound(prev, keys, (w) => w.key) };
    c.current ??= { key: nextKey(c, keys)! };
    const cur = c.current;
    const [appId, list] = cur.key.split(':') as [string, List];
    const app = opts.apps.find((a) => a.id === appId)!;
    const product = app.name ?? `App Store app ${appId}`;
    const nowMs = ctx.now().getTime();
    const mark = c.seen[appId];
    const floor = list === 'answers' ? nowMs - opts.answer_window_days * 86_400_000 : mark ? Date.parse(mark.created) : nowMs - opts.lookback_days * 86_400_000;

    const first = `${opts.base_url}/v1/apps/${appId}/customerReviews`;
    const params = cur.next
      ? undefined
      : {
          sort: '-createdDate',
          limit: opts.limit,
          include: 'response',
          'fields[customerReviewResponses]': 'responseBody,lastModifiedDate,state',
          'exists[publishedResponse]': list === 'answers' ? 'true' : undefined,
        };
    const url = cur.next ?? first;
    // The token goes only to the configured API: a next link elsewhere is not followed.
    if (new URL(url).origin !== new URL(opts.base_url).origin) {
      throw new MalformedResponseError(`appstoreconnect reviews of app ${appId}: links.next points at ${new URL(url).origin}, not ${new URL(opts.base_url).origin}`);
    }
    const where = `source "${ctx.source.id}" (appstoreconnect)`;
    const body = await withAccessToken(
      ctx.http,
      `appstoreconnect:${opts.base_url}:${opts.issuer_id}:${opts.key_id}`,
      nowMs,
      async () => appStoreToken({ issuerId: opts.issuer_id, keyId: opts.key_id, privateKeyPem: pem }, nowMs, `${where}: ${opts.private_key_env}`),
      (token) => ctx.http.get(url, { params, headers: { Authorization: `Bearer ${token}` } }),
      (e) => e instanceof BadCredentialsError,
    );
    const parsed = bodySchema.safeParse(body);
    if (!parsed.success) throw new MalformedResponseError(`appstoreconnect reviews of app ${appId}: ${describeIssues(parsed.error, { whole: '(body)' })}`);

    const mentions: Mention[] = [];
    const rejects: Reject[] = [];
    const responses = new Map<string, unknown>();
    for (const inc of parsed.data.included ?? []) {
      if (rawField(inc, 'type') === 'customerReviewResponses' && typeof rawField(inc, 'id') === 'string') responses.set(rawField(inc, 'id') as string, inc);
    }
    let reachedKnown = false;
    parsed.data.data.forEach((raw, i) => {
      const place = { at: `data[${i}] of app ${appId}`, id: rawField(raw, 'id') };
      const review = parseItem(reviewSchema, raw, place, rejects);
      if (!review) return;
      const a = review.attributes;
      const here: Mark = { id: review.id, created: utcIso(a.createdDate) };
      if (list === 'new' && newer(here, cur.newest)) cur.newest = here;
      if (Date.parse(a.createdDate) < floor || (list === 'new' && mark && review.id === mark.id)) {
        reachedKnown = true;
        return;
      }
      const id = `appstore:${review.id}`;
      const url = `https://apps.apple.com/app/id${appId}?see-all=reviews`;
      const responseId = review.relationships?.response?.data?.id;
      if (list === 'new') {
        mentions.push({
          id,
          platform: 'appstore',
          title: a.title || undefined,
          text: a.body ?? '',
          created_at: here.created,
          url,
          author: { id: '', name: a.reviewerNickname ?? '', followers: 0 },
          engagement: { likes: 0, shares: 0, replies: responseId ? 1 : 0 },
          rating: a.rating,
          product,
          ...{ app_id: appId, territory: a.territory ?? undefined },
        } as Mention);
      }
      if (!responseId) return;
      const rawResponse = responses.get(responseId);
      const response = responseSchema.safeParse(rawResponse);
      if (!response.success) {
        const problem = rawResponse === undefined ? 'not in "included"' : describeIssues(response.error);
        rejects.push(rejectItem(rawResponse ?? { id: responseId }, { at: `response ${responseId} of review ${review.id} (app ${appId})` }, problem));
        return;
      }
      const r = response.data.attributes;
      mentions.push({
        id: `${id}:reply`,
        platform: 'appstore',
        text: r.responseBody,
        created_at: utcIso(r.lastModifiedDate),
        url,
        author: { id: appId, name: product, followers: 0 },
        engagement: { likes: 0, shares: 0, replies: 0 },
        in_reply_to: id,
        product,
        by_brand: true,
        ...{ app_id: appId, developer_reply: true, response_state: r.state ?? undefined },
      } as Mention);
    });

    const next = parsed.data.links?.next;
    if (next && !reachedKnown && parsed.data.data.length > 0) {
      c.current = { ...cur, next };
    } else {
      if (list === 'new' && cur.newest && newer(cur.newest, mark)) c.seen[appId] = cur.newest;
      c.current = undefined;
    }
    return { mentions, rejects, cursor: c, more: roundGoesOn(c.current, c.pending) };
  },
});
