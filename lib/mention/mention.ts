// The canonical mention format: what every source emits, what replay files hold, what the tools read.
// Parsing is pure: a malformed item becomes a reason string, never an exception that stops a batch.
// What passes is what storage accepts: strings well-formed, `created_at` a strict ISO-8601
// date-time (inside the time window when a clock is given), ratings whole stars.
import { describeIssues } from '../config/zod-issues.js';
import { z } from 'zod';
import { outsideWindow, parseIsoTimestamp } from './timestamp.js';
import { wellFormed } from './well-formed.js';

const count = z.number().int().nonnegative();

const isoTimestamp = z.string().transform((s, ctx) => {
  const t = parseIsoTimestamp(s);
  if (t.ok) return new Date(t.ms).toISOString(); // one form downstream: UTC, milliseconds
  ctx.addIssue({ code: 'custom', message: t.reason });
  return z.NEVER;
});

export const mentionSchema = z.object({
  id: z.string().min(1).max(512),
  platform: z.string().min(1).max(64),
  text: z.string(),
  created_at: isoTimestamp,
  url: z.string().default(''),
  author: z
    .object({
      id: z.string().default(''),
      name: z.string().default(''),
      followers: count.default(0),
    })
    .default({ id: '', name: '', followers: 0 }),
  engagement: z
    .object({ likes: count.default(0), shares: count.default(0), replies: count.default(0) })
    .default({ likes: 0, shares: 0, replies: 0 }),
  lang: z.string().optional(),
  rating: z.number().int('must be a whole number of stars').min(1).max(5).optional(),
  /** The mention this one answers (a mention id, same platform). */
  in_reply_to: z.string().optional(),
  /** The conversation this one belongs to: the id of its root mention or post (same platform). */
  thread_id: z.string().optional(),
  title: z.string().optional(),
  /** The reviewed product or app, for review sources. */
  product: z.string().optional(),
  /**
   * Written by the brand the source belongs to: a Page's own comment, a developer's or company's
   * reply to a review. Its author is then one of the brand's own accounts without being listed
   * under `owned:` (only sources with the `owned` trait, whose items belong to their brands).
   */
  by_brand: z.boolean().optional(),
});

export type Mention = z.infer<typeof mentionSchema>;

export type ParseResult = { ok: true; mention: Mention } | { ok: false; reason: string };

export interface ParseOptions {
  /**
   * The receiving clock: `created_at` must be at most 20 years before it and a day after it.
   * The store always gives it; files of past streams (backtests) are read without it.
   */
  now?: Date;
}

/** Validates one item; the reason names each bad field by its path. Lone surrogates become U+FFFD. */
export function parseMention(raw: unknown, opts: ParseOptions = {}): ParseResult {
  const r = mentionSchema.safeParse(wellFormed(raw));
  if (!r.success) return { ok: false, reason: describeIssues(r.error) };
  const late = opts.now && outsideWindow(Date.parse(r.data.created_at), opts.now);
  return late ? { ok: false, reason: `created_at: ${late}` } : { ok: true, mention: r.data };
}

/** Parses one JSONL line; `where` (file:line) is prefixed to the reason. */
export function parseMentionLine(line: string, where: string, opts: ParseOptions = {}): ParseResult {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (e) {
    return { ok: false, reason: `${where}: invalid JSON (${(e as Error).message})` };
  }
  const r = parseMention(raw, opts);
  return r.ok ? r : { ok: false, reason: `${where}: ${r.reason}` };
}

/** The platform's own id: "hackernews:41234" -> "41234". */
export function nativeId(m: Pick<Mention, 'id' | 'platform'>): string {
  const prefix = `${m.platform}:`;
  return m.id.startsWith(prefix) ? m.id.slice(prefix.length) : m.id;
}
