// The webhook signature, Stripe-like: `X-BrandPulse-Signature: t=<unix seconds>,v1=<hex>` where
// v1 is HMAC-SHA256 of `${t}.${body}` with the route's secret. The timestamp inside the signed
// text lets a receiver refuse replays (compare t with its clock); a fresh one is used per attempt.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-BrandPulse-Signature';
export const EVENT_HEADER = 'X-BrandPulse-Event';

export function webhookSignature(secret: string, body: string, unixSeconds: number): string {
  const v1 = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${v1}`;
}

/**
 * What a receiver does: parse the header, recompute, compare in constant time, and refuse a
 * timestamp older than `toleranceSeconds` (default 5 minutes).
 */
export function verifyWebhookSignature(secret: string, body: string, header: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const parts = new Map(header.split(',').map((kv) => kv.trim().split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const given = parts.get('v1');
  if (!Number.isInteger(t) || !given || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(webhookSignature(secret, body, t).split('v1=')[1]);
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
