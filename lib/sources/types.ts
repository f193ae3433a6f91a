// The contract every connector implements. Connectors are small: they turn one provider
// page into canonical mentions plus rejects, and say where the next poll starts.
import type { Mention } from '../mention/mention.js';
import type { HttpClient } from './http.js';
import type { SourceConfig } from '../config/schema.js';

/** A JSON-serialisable position in a provider's stream; stored only after the page is stored. */
export type SourceCursor = Record<string, unknown>;

export interface Reject {
  /** The offending item, as received (truncated by the store). */
  raw: string;
  /** What is wrong and where, e.g. "hits[3].created_at: missing". */
  reason: string;
}

export interface PollPage {
  mentions: Mention[];
  rejects: Reject[];
  /** Cursor to persist once `mentions` are stored; a retry of the same page stores nothing twice. */
  cursor: SourceCursor;
  /** True when the provider has more items available right now (fetch another page in this poll). */
  more: boolean;
}

export interface ConnectorContext {
  source: SourceConfig;
  /** Every keyword query of every brand and competitor this source watches. */
  queries: string[];
  http: HttpClient;
  /** Reads a secret from the environment by the variable name the config gives. */
  secret(envName: string | undefined): string | undefined;
  now(): Date;
}

export interface Connector {
  fetchPage(cursor: SourceCursor | undefined, ctx: ConnectorContext): Promise<PollPage>;
}
