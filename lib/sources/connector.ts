// A connector is one descriptor: its `type:` in monitor.yaml, the schema of its own options
// (checked when the config loads), its traits, and how it fetches a page. The registry lists them.
import type { z } from 'zod';
import { BadCredentialsError } from './errors.js';
import { sourceOptions } from './options.js';
import type { Connector, ConnectorContext, PollPage, SourceCursor } from './types.js';

export interface ConnectorTraits {
  /**
   * What it carries is about the source's brands whether or not it names them: review sites
   * and the brand's own pages (stored under the source's brands; `assume_brand: false` turns it off).
   */
  owned: boolean;
  /** Fed by the ingest endpoint, not polled: it gets no poll schedule. */
  push: boolean;
}

export interface ConnectorDescriptor extends Connector {
  readonly type: string;
  /** The connector's keys of a source entry (the common ones are the config schema's). */
  readonly options: z.ZodType;
  readonly traits: ConnectorTraits;
}

export function defineConnector<S extends z.ZodType>(spec: {
  type: string;
  options: S;
  traits?: Partial<ConnectorTraits>;
  /** One page: `opts` are the source's options, parsed by `options` (defaults filled in). */
  fetch(cursor: SourceCursor | undefined, ctx: ConnectorContext, opts: z.output<S>): Promise<PollPage>;
}): ConnectorDescriptor {
  return {
    type: spec.type,
    options: spec.options,
    traits: { owned: false, push: false, ...spec.traits },
    // async, so that bad options reject the page like any other failure
    fetchPage: async (cursor, ctx) => spec.fetch(cursor, ctx, sourceOptions(ctx.source, spec.options)),
  };
}

/** The secret in the env variable that option `field` names; unset, the poll fails (non-retryable) naming both. */
export function requireSecret(ctx: ConnectorContext, field: string, envVar: string): string {
  const value = ctx.secret(envVar);
  if (!value) throw new BadCredentialsError(`${ctx.source.type} source "${ctx.source.id}": ${envVar} is not set (the environment variable its ${field} names)`);
  return value;
}
