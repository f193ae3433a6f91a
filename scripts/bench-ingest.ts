// npm run bench:ingest -- [--requests 600] [--in-flight 20] [--items 3]
// Measures the push ingest endpoint over real HTTP into a fresh embedded ClickHouse (in a temp
// folder): signed requests of a few new items each, `--in-flight` at a time, all to one source;
// then the same requests again (every item already stored: the duplicate path, which also checks
// the rollup of those minutes). Prints requests/s and items stored for each round. A measure, not
// a test: compare runs on the same machine (docs/reliability.md, case 8).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseConfig } from '../lib/config/load.js';
import { startIngestServer } from '../lib/endpoints/ingest-server.js';
import { signBody } from '../lib/endpoints/signature.js';
import { createStore, queryRows } from '../lib/store/clickhouse.js';
import { migrate } from '../lib/store/migrations.js';
import { cliProgram, numberIn, parseArgs } from './lib-cli.js';

const o = parseArgs<{ requests: number; inFlight: number; items: number }>(
  cliProgram('bench:ingest', 'Requests per second of the push ingest endpoint with requests in flight')
    .option('--requests <n>', 'requests per round', numberIn({ min: 1, integer: true }), 600)
    .option('--in-flight <n>', 'requests in flight at once', numberIn({ min: 1, integer: true }), 20)
    .option('--items <n>', 'items per request', numberIn({ min: 1, integer: true }), 3),
);

const SECRET = 'bench-secret';
process.env.BENCH_INGEST_SECRET = SECRET;
const dir = mkdtempSync(path.join(os.tmpdir(), 'brand-pulse-bench-ingest-'));
const { client } = createStore({ dataDir: dir });
await migrate(client);
const config = parseConfig('brands: [{ id: acme, name: Acme, queries: [acme] }]\nsources: [{ id: bench, type: push, secret_env: BENCH_INGEST_SECRET }]\n', 'bench.yaml');
const server = await startIngestServer({ clickhouse: client, config });
const t0 = Date.now() - 3_600_000;
const bodies = Array.from({ length: o.requests }, (_, r) =>
  JSON.stringify(
    Array.from({ length: o.items }, (_, i) => {
      const n = r * o.items + i;
      return { id: `bench:${n}`, platform: 'bench', text: `Acme item ${n}`, created_at: new Date(t0 + n * 1000).toISOString() };
    }),
  ),
);

async function round(label: string): Promise<void> {
  let next = 0;
  let stored = 0;
  let failed = 0;
  const started = performance.now();
  const lane = async () => {
    while (next < bodies.length) {
      const body = bodies[next++];
      const ts = String(Math.floor(Date.now() / 1000));
      const res = await fetch(`${server.url}/ingest/bench`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', 'x-timestamp': ts, 'x-signature': signBody(SECRET, ts, body) },
      });
      const answer = (await res.json()) as { stored?: number };
      if (res.status === 202) stored += answer.stored ?? 0;
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: o.inFlight }, lane));
  const s = (performance.now() - started) / 1000;
  console.log(`${label}: ${o.requests} requests (${o.items} items each, ${o.inFlight} in flight) in ${s.toFixed(1)} s = ${(o.requests / s).toFixed(1)} requests/s; stored ${stored}, failed ${failed}`);
}

try {
  await round('new items      ');
  await round('already stored ');
  const [c] = await queryRows<{ n: string; ids: string }>(client, 'count', 'SELECT count() AS n, uniqExact(external_id) AS ids FROM mentions');
  console.log(`mentions: ${c.n} rows, ${c.ids} distinct ids (expected ${o.requests * o.items})`);
} finally {
  await server.close();
  await client.close();
  rmSync(dir, { recursive: true, force: true });
}
