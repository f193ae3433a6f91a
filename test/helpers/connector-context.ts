// Configs and contexts for connector tests: one brand (`acme`) and the source under test, given
// as the YAML that goes under `sources:`.
import { afterAll, beforeAll } from 'vitest';
import { parseConfig } from '../../lib/config/load.js';
import type { MonitorConfig, SourceConfig } from '../../lib/config/schema.js';
import { createHttpClient, type HttpClient } from '../../lib/sources/http.js';
import type { ConnectorContext } from '../../lib/sources/types.js';

/** A monitor config with the brand `acme` (named Acme, watching `queries`) and the given `sources:` YAML. */
export function monitorConfig(sourcesYaml: string, queries: string[] = ['acme']): MonitorConfig {
  return parseConfig(
    `
brands:
  - id: acme
    name: Acme
    queries: [${queries.join(', ')}]
sources:
${sourcesYaml}
`,
    'test.yaml',
  );
}

export interface ContextOptions {
  /** The queries the connector watches (default `['acme']`). */
  queries?: string[];
  /** The environment `secret()` reads from (default: empty, every secret unset). */
  env?: Record<string, string>;
  /** The fixed time `now()` returns (default: the real clock). */
  now?: Date;
  /** The HTTP client (default: a new one with 5 ms backoff). */
  http?: HttpClient;
}

/** The context a connector's `fetchPage` gets for `source`. */
export function connectorContext(source: SourceConfig, opts: ContextOptions = {}): ConnectorContext {
  const env = opts.env ?? {};
  const fixed = opts.now;
  return {
    source,
    queries: opts.queries ?? ['acme'],
    http: opts.http ?? createHttpClient({ backoffMs: 5 }),
    secret: (name) => (name ? env[name] : undefined),
    now: fixed ? () => fixed : () => new Date(),
  };
}

/** A clock that moves `stepMs` (default 1 ms) per reading: cursors saved in one poll must not share a timestamp. */
export function ticking(start: Date, stepMs = 1): () => Date {
  let t = start.getTime();
  return () => {
    const d = new Date(t);
    t += stepMs;
    return d;
  };
}

/** Sets environment variables (secrets the config names) for the enclosing block, restoring them after it. */
export function useEnv(vars: Record<string, string>): void {
  const saved = new Map<string, string | undefined>();
  beforeAll(() => {
    for (const [name, value] of Object.entries(vars)) {
      saved.set(name, process.env[name]);
      process.env[name] = value;
    }
  });
  afterAll(() => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    saved.clear();
  });
}
