// The push ingest endpoint: anything else (a CRM, a support desk, a scraper the customer runs)
// POSTs canonical mentions, signed with a shared secret, and they are stored exactly like a
// poll's page (validated, analysed, brand-matched, deduplicated) through `storeBatch`.
//
//   POST /ingest/<source id>        (or POST /ingest when exactly one push source is configured)
//   X-Timestamp: <unix seconds>
//   X-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + raw body)>
//   Content-Type: application/json (an array of mentions) or application/x-ndjson (JSON Lines)
//
// Answers: 202 {accepted, stored, duplicates, unmatched, rejected: [{index, reason}]} — items
// that fail validation are stored in `rejects` (stage "ingest") and listed, as are items that
// ClickHouse refuses (stage "store"): one bad item never fails the request; 400 malformed JSON
// (with the reason); 401 missing/bad signature or a timestamp outside ±tolerance; 409 a replayed
// signature; 413 body too large; 404 unknown source; 405 not a POST; 503 secret not set;
// 500 storage failed (the signature is released so the same request can be retried; the
// request's validation rejects are written all the same).
//
// Started by the worker when the config has an enabled `type: push` source:
//   const ingest = await startIngestServer({ clickhouse, config, port: 8787, host: '0.0.0.0' });
//   ... await ingest.close();
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ClickHouseClient } from '@clickhouse/client';
import { compileBrandMatchers } from '../analysis/brand-match.js';
import type { MonitorConfig, SourceConfig } from '../config/schema.js';
import { readSecret } from '../config/load.js';
import { compileOwnedAccounts } from '../care/owned-accounts.js';
import { ownerBrandsOf, watchedBrands } from '../pipeline/source-scope.js';
import { storeItems } from '../pipeline/store-batch.js';
import { pushOptions, pushSources, type PushOptions } from '../sources/connectors/push.js';
import { parseIngestBody } from './body.js';
import { ReplayGuard, verifySignature } from './signature.js';

export interface IngestServerOptions {
  clickhouse: ClickHouseClient;
  config: MonitorConfig;
  port?: number;
  host?: string;
  /** Clock (tests). */
  now?: () => Date;
  /** Environment the secrets are read from (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Called for each request that ends in an error status (never with secret values). */
  log?: (event: { source?: string; status: number; reason: string }) => void;
}

export interface IngestServer {
  url: string;
  close(): Promise<void>;
}

export interface IngestResult {
  accepted: number;
  stored: number;
  duplicates: number;
  unmatched: number;
  rejected: { index: number; reason: string }[];
}

interface PushSource {
  source: SourceConfig;
  opts: PushOptions;
  matchers: ReturnType<typeof compileBrandMatchers>;
  ownerBrands: ReturnType<typeof ownerBrandsOf>;
  owned: ReturnType<typeof compileOwnedAccounts>;
  replay: ReplayGuard;
}

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export async function startIngestServer(opts: IngestServerOptions): Promise<IngestServer> {
  const { clickhouse, config } = opts;
  const now = opts.now ?? (() => new Date());
  const env = opts.env ?? process.env;
  const sources = new Map<string, PushSource>();
  for (const source of pushSources(config)) {
    const o = pushOptions(source);
    sources.set(source.id, {
      source,
      opts: o,
      matchers: compileBrandMatchers(watchedBrands(config, source)),
      ownerBrands: ownerBrandsOf(config, source),
      owned: compileOwnedAccounts(watchedBrands(config, source)),
      replay: new ReplayGuard(o.tolerance_seconds * 1000),
    });
  }
  if (sources.size === 0) throw new Error('startIngestServer: the config has no enabled source of type "push"');

  function route(url: string): PushSource {
    const path = new URL(url, 'http://ingest').pathname.replace(/\/+$/, '');
    const m = /^\/ingest(?:\/([^/]+))?$/.exec(path);
    if (!m) throw new HttpError(404, `no such endpoint ${path}: POST /ingest/<source id>`);
    const id = m[1] ? decodeURIComponent(m[1]) : sources.size === 1 ? [...sources.keys()][0] : undefined;
    const ps = id ? sources.get(id) : undefined;
    if (!ps) throw new HttpError(404, id ? `no push source "${id}"` : `several push sources: POST /ingest/<source id> (${[...sources.keys()].join(', ')})`);
    return ps;
  }

  async function handle(req: http.IncomingMessage): Promise<{ status: number; body: unknown }> {
    if (req.method === 'GET' && (req.url === '/healthz' || req.url === '/ingest/healthz')) return { status: 200, body: { ok: true } };
    const ps = route(req.url ?? '/');
    if (req.method !== 'POST') throw new HttpError(405, 'use POST');
    const secret = readSecret(ps.opts.secret_env, env);
    // Read (and measure) the body before anything else so the connection stays usable.
    const body = await readBody(req, ps.opts.max_body_bytes);
    if (!secret) throw new HttpError(503, `the ingest secret (${ps.opts.secret_env}) is not set on the server`);
    const nowMs = now().getTime();
    const signature = header(req, 'x-signature');
    const check = verifySignature(secret, { signature, timestamp: header(req, 'x-timestamp') }, body, nowMs, ps.opts.tolerance_seconds * 1000);
    if (!check.ok) throw new HttpError(401, check.reason);
    if (!ps.replay.claim(signature!, check.signedAtMs, nowMs)) throw new HttpError(409, 'replayed request: this signature was already used');

    const parsed = parseIngestBody(body.toString('utf8'), header(req, 'content-type'));
    if (!parsed.ok) return { status: 400, body: { error: parsed.reason } };

    try {
      // Requests run concurrently; the store writes what is waiting together, each id once.
      const batch = await storeItems(
        clickhouse,
        { sourceId: ps.source.id, matchers: ps.matchers, fetchedAt: now(), ownerBrands: ps.ownerBrands, owned: ps.owned, stage: 'ingest' },
        parsed.items,
      );
      const out: IngestResult = { accepted: batch.accepted, stored: batch.stored, duplicates: batch.duplicates, unmatched: batch.unmatched, rejected: batch.itemRejects };
      return { status: 202, body: out };
    } catch (e) {
      ps.replay.release(signature!); // nothing was stored for sure: let the sender retry this exact request
      throw new HttpError(500, `storing the batch failed: ${(e as Error).message}`);
    }
  }

  const server = http.createServer((req, res) => {
    handle(req)
      .catch((e: unknown) => {
        const status = e instanceof HttpError ? e.status : 500;
        return { status, body: { error: (e as Error).message } };
      })
      .then(({ status, body }) => {
        if (status >= 400) opts.log?.({ source: req.url, status, reason: (body as { error?: string }).error ?? '' });
        const text = JSON.stringify(body);
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
        res.end(text);
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;
  const shownHost = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${shownHost}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Reads the body up to `limit` bytes; beyond it, drains the rest and answers 413. */
function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    let size = 0;
    let tooLarge = Number.isFinite(declared) && declared > limit;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) tooLarge = true;
      if (!tooLarge) chunks.push(c);
      // A sender that keeps going far past the limit is cut off.
      if (size > limit * 4) req.destroy();
    });
    req.on('end', () => (tooLarge ? reject(new HttpError(413, `body larger than ${limit} bytes`)) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
    req.on('close', () => {
      if (!req.complete) reject(new HttpError(413, `body larger than ${limit} bytes`));
    });
  });
}

