// Connector-specific settings live beside the common ones in a source's config entry;
// each connector validates its own with zod and fails with the source id and field path.
import type { z } from 'zod';
import type { SourceConfig } from '../config/schema.js';

export class SourceConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourceConfigError';
  }
}

export function sourceOptions<S extends z.ZodType>(source: SourceConfig, schema: S): z.infer<S> {
  const r = schema.safeParse(source);
  if (r.success) return r.data;
  const problems = r.error.issues.map((i) => `${i.path.join('.') || '(source)'}: ${i.message}`).join('; ');
  throw new SourceConfigError(`source "${source.id}" (${source.type}): ${problems}`);
}
