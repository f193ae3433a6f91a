// Connector-specific settings live beside the common ones in a source's config entry; each
// connector declares them as a zod schema in its descriptor. The config loader checks them
// when it loads; `sourceOptions` parses them (with their defaults) for a poll.
import { z } from 'zod';
import type { SourceConfig } from '../config/schema.js';
import { describeIssues } from '../config/zod-issues.js';

export class SourceConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourceConfigError';
  }
}

export function sourceOptions<S extends z.ZodType>(source: SourceConfig, schema: S): z.output<S> {
  const r = schema.safeParse(source);
  if (r.success) return r.data;
  throw new SourceConfigError(`source "${source.id}" (${source.type}): ${describeIssues(r.error, { whole: '(source)' })}`);
}

// Options several connectors share, each defined once.

/** A base URL without its trailing slash, so paths append as `${base}/path`. */
export const withoutTrailingSlash = (url: string) => url.replace(/\/$/, '');

/** A provider API base URL option (see `withoutTrailingSlash`). */
export const baseUrl = (defaultUrl: string) => z.string().url().default(defaultUrl).transform(withoutTrailingSlash);

/** How far back the first poll reads (seconds). */
export const lookbackSeconds = z.number().int().positive().default(86_400);

/** Each window re-reads this much of the previous one (seconds): late indexing; the store drops the repeats. */
export const overlapSeconds = z.number().int().nonnegative().default(300);

/** How far back the first poll of a target reads (days). */
export const lookbackDays = (days: number) => z.number().positive().default(days);
