// `type: push` sources: mentions are pushed to us (CRM, support desk, a customer's own
// scraper) through the signed HTTP ingest endpoint in `lib/endpoints/ingest-server.ts`, so
// there is nothing to poll (trait `push`: no poll schedule). This file holds the source's
// options and a connector that fetches nothing, so a poll of a push source is harmless.
//
// monitor.yaml:
//   - id: crm
//     type: push
//     secret_env: INGEST_SECRET     # shared HMAC secret, from the environment
//     brands: [acme]                # optional: which brands its mentions are matched against
//     max_body_bytes: 5242880       # optional (default 5 MB)
//     tolerance_seconds: 300        # optional: accepted clock skew of X-Timestamp (default ±5 min)
import { z } from 'zod';
import { envName } from '../../config/env-name.js';
import type { MonitorConfig, SourceConfig } from '../../config/schema.js';
import { defineConnector } from '../connector.js';
import { sourceOptions } from '../options.js';

export const pushOptionsSchema = z.object({
  secret_env: envName('INGEST_SECRET'),
  max_body_bytes: z.number().int().positive().max(100 * 1024 * 1024).default(5 * 1024 * 1024),
  tolerance_seconds: z.number().int().positive().max(3600).default(300),
});
export type PushOptions = z.infer<typeof pushOptionsSchema>;

/** Validated options of a push source (throws SourceConfigError naming the source and field). */
export function pushOptions(source: SourceConfig): PushOptions {
  return sourceOptions(source, pushOptionsSchema);
}

/** The enabled push sources of a config (the worker starts the ingest server when there is one). */
export function pushSources(config: MonitorConfig): SourceConfig[] {
  return config.sources.filter((s) => s.type === push.type && s.enabled);
}

export const push = defineConnector({
  type: 'push',
  options: pushOptionsSchema,
  // What a customer pushes is about the brand whether or not it names it.
  traits: { owned: true, push: true },
  async fetch(cursor) {
    return { mentions: [], rejects: [], cursor: cursor ?? {}, more: false };
  },
});
