// Trustpilot service reviews of a business through the public Business Units API (API key):
//   GET {base}/v1/business-units/{businessUnitId}/reviews?apikey=&orderBy=createdat.desc&page=&perPage=
// Reviews come newest first; the response's links[] carries a rel "next-page" link while
// more pages exist. Each review has stars, title, text, language, consumer.displayName,
// createdAt, and the business's public reply in companyReply.
//
// Cursor: per business unit the newest createdAt (and its id) seen. A round pages from
// page 1 until a review older than that mark (or the first-poll lookback), then moves the
// mark; a crash mid-round resumes at the stored page. Company replies are emitted as their
// own mentions replying to the review.
import { z } from 'zod';
import type { Mention } from '../../mention/mention.js';
import { envName } from '../../config/env-name.js';
import { describeIssues } from '../../config/zod-issues.js';
import { defineConnector, requireSecret } from '../connector.js';
import { MalformedResponseError } from '../errors.js';
import { parseItem, rawField } from '../items.js';
import { baseUrl, lookbackDays } from '../options.js';
import { nextKey, resumeRound, roundGoesOn } from '../rounds.js';
import type { Reject } from '../types.js';

const optionsSchema = z.object({
  base_url: baseUrl('https://api.trustpilot.com'),
  /** Env variable holding the Trustpilot API key (sent as the `apikey` query parameter). */
  api_key_env: envName('TRUSTPILOT_API_KEY'),
  business_units: z
    .array(
      z.object({
        /** The business unit id (find it with GET /v1/business-units/find?name=acme.com). */
        id: z.string().min(1),
        /** The product name stored with each review (default: the review's businessUnit.displayName). */
        name: z.string().min(1).optional(),
      }),
    )
    .min(1),
  per_page: z.number().int().min(1).max(100).default(100),
  /** Review languages to read (the API's `language` filter), e.g. "en"; default all. */
  language: z.string().optional(),
  lookback_days: lookbackDays(30),
});

interface Mark {
  id: string;
  created_at: string;
}

export interface TrustpilotCursor {
  [key: string]: unknown;
  /** Per business unit: the newest review seen. */
  seen: Record<string, Mark>;
  pending: string[];
  current?: { unit: string; page: number; newest?: Mark };
}

const reviewSchema = z.object({
  id: z.string().min(1),
  stars: z.number().int().min(1).max(5),
  title: z.string().nullish(),
  text: z.string(),
  language: z.string().nullish(),
  createdAt: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'is not a timestamp'),
  consumer: z.object({ id: z.string().nullish(), displayName: z.string().nullish(), numberOfReviews: z.number().nullish() }),
  businessUnit: z.object({ id: z.string().nullish(), displayName: z.string().nullish(), identifyingName: z.string().nullish() }).nullish(),
  numberOfLikes: z.number().nullish(),
  isVerified: z.boolean().nullish(),
  companyReply: z.object({ text: z.string(), createdAt: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'is not a timestamp') }).nullish(),
});

const bodySchema = z.object({
  reviews: z.array(z.unknown()),
  links: z.array(z.object({ rel: z.string(), href: z.string().optional() })).optional(),
});

export const trustpilot = defineConnector({
  type: 'trustpilot',
  options: optionsSchema,
  traits: { owned: true },
  async fetch(cursor, ctx, opts) {
    const apiKey = requireSecret(ctx, 'api_key_env', opts.api_key_env);
    const units = opts.business_units.map((u) => u.id);
    const prev = cursor as TrustpilotCursor | undefined;
    const c: TrustpilotCursor = { seen: { ...(prev?.seen ?? {}) }, ...resumeRound(prev, units, (w) => w.unit) };
    c.current ??= { unit: nextKey(c, units)!, page: 1 };
    const cur = c.current;
    const unit = opts.business_units.find((u) => u.id === cur.unit)!;
    const mark = c.seen[cur.unit];
    const floor = mark ? Date.parse(mark.created_at) : ctx.now().getTime() - opts.lookback_days * 86_400_000;

    const body = await ctx.http.get(`${opts.base_url}/v1/business-units/${encodeURIComponent(cur.unit)}/reviews`, {
      params: { apikey: apiKey, orderBy: 'createdat.desc', page: cur.page, perPage: opts.per_page, language: opts.language },
    });
    const parsed = bodySchema.safeParse(body);
    if (!parsed.success) throw new MalformedResponseError(`trustpilot reviews of business unit ${cur.unit} page ${cur.page}: ${describeIssues(parsed.error, { whole: '(body)' })}`);

    const mentions: Mention[] = [];
    const rejects: Reject[] = [];
    let reachedKnown = false;
    parsed.data.reviews.forEach((raw, i) => {
      const rv = parseItem(reviewSchema, raw, { at: `reviews[${i}] of business unit ${cur.unit} page ${cur.page}`, id: rawField(raw, 'id') }, rejects);
      if (!rv) return;
      const createdMs = Date.parse(rv.createdAt);
      const here: Mark = { id: rv.id, created_at: new Date(createdMs).toISOString() };
      if (!cur.newest || createdMs > Date.parse(cur.newest.created_at)) cur.newest = here;
      if (createdMs < floor || (mark && rv.id === mark.id)) {
        reachedKnown = true;
        return;
      }
      const product = unit.name ?? rv.businessUnit?.displayName ?? rv.businessUnit?.identifyingName ?? cur.unit;
      const id = `trustpilot:${rv.id}`;
      const url = `https://www.trustpilot.com/reviews/${rv.id}`;
      mentions.push({
        id,
        platform: 'trustpilot',
        title: rv.title || undefined,
        text: rv.text,
        created_at: here.created_at,
        url,
        author: { id: rv.consumer.id ?? '', name: rv.consumer.displayName ?? '', followers: 0 },
        engagement: { likes: Math.max(0, rv.numberOfLikes ?? 0), shares: 0, replies: rv.companyReply ? 1 : 0 },
        lang: rv.language || undefined,
        rating: rv.stars,
        product,
        ...{ business_unit_id: cur.unit, verified: rv.isVerified ?? undefined },
      } as Mention);
      if (rv.companyReply) {
        mentions.push({
          id: `${id}:reply`,
          platform: 'trustpilot',
          text: rv.companyReply.text,
          created_at: new Date(Date.parse(rv.companyReply.createdAt)).toISOString(),
          url,
          author: { id: cur.unit, name: product, followers: 0 },
          engagement: { likes: 0, shares: 0, replies: 0 },
          in_reply_to: id,
          product,
          by_brand: true,
          ...{ business_unit_id: cur.unit, company_reply: true },
        } as Mention);
      }
    });

    const hasNext = (parsed.data.links ?? []).some((l) => /^next(-page)?$/i.test(l.rel));
    if (hasNext && !reachedKnown && parsed.data.reviews.length > 0) {
      c.current = { ...cur, page: cur.page + 1 };
    } else {
      if (cur.newest && (!mark || Date.parse(cur.newest.created_at) > Date.parse(mark.created_at))) c.seen[cur.unit] = cur.newest;
      c.current = undefined;
    }
    return { mentions, rejects, cursor: c, more: roundGoesOn(c.current, c.pending) };
  },
});
