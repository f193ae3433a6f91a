// The canonical mention format: what every source emits, what replay files hold, what the tools read.
// Parsing is pure: a malformed item becomes a reason string, never an exception that stops a batch.
import { describeIssues } from '../config/zod-issues.js';
import { z } from 'zod';

const count = z.number().int().nonnegative();

export const mentionSchema = z.object({
  id: z.string().min(1).max(512),
  platform: z.string().min(1).max(64),
  text: z.string(),
  created_at: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'is not an ISO-8601 timestamp'),
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
  rating: z.number().min(1).max(5).optional(),
  in_reply_to: z.string().optional(),
  title: z.string().optional(),
  /** The reviewed product or app, for review sources. */
  product: z.string().optional(),
});

export type Mention = z.infer<typeof mentionSchema>;

export type ParseResult = { ok: true; mention: Mention } | { ok: false; reason: string };

/** Validates one item; the reason names each bad field by its path. */
export function parseMention(raw: unknown): ParseResult {
  const r = mentionSchema.safeParse(raw);
  if (r.success) return { ok: true, mention: r.data };
  return { ok: false, reason: describeIssues(r.error) };
}

/** Parses one JSONL line; `where` (file:line) is prefixed to the reason. */
export function parseMentionLine(line: string, where: string): ParseResult {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (e) {
    return { ok: false, reason: `${where}: invalid JSON (${(e as Error).message})` };
  }
  const r = parseMention(raw);
  return r.ok ? r : { ok: false, reason: `${where}: ${r.reason}` };
}

/** The platform's own id: "hackernews:41234" -> "41234". */
export function nativeId(m: Pick<Mention, 'id' | 'platform'>): string {
  const prefix = `${m.platform}:`;
  return m.id.startsWith(prefix) ? m.id.slice(prefix.length) : m.id;
}
