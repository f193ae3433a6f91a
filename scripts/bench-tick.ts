// npm run bench:tick -- [--mentions 10000000] [--brands 5] [--days 30] [--ticks 24]
// The live detection tick's cost in ClickHouse at a given store size: a fresh embedded store
// (chDB, the default deployment; no server can be installed here to measure one) filled
// with `--mentions` mentions over `--days` for `--brands` brands (the rollup fed by its
// materialised view as on every insert) and a poll a minute, then per brand: the first tick
// (the baseline window read from the rollup), `--ticks` steady ticks five minutes apart (the one
// new bucket), and the evidence read of an anomalous tick (loadEvidence over 30 minutes). Each
// tick is `detectBrand` and `saveCursor` as the activity runs them; signalling the incident
// workflow (Temporal) is not in it. Beside it, in the same run, the client's round trip
// (`SELECT 1`) and a scan of one brand's mentions, the references the tick is read against.
// A measure, not a test: docs/detection-benchmark.md.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseConfig } from '../lib/config/load.js';
import { detectionFor } from '../lib/config/schema.js';
import { detectBrand, detectorCursorId } from '../lib/pipeline/detect-brand.js';
import { createStore, queryRows } from '../lib/store/clickhouse.js';
import { saveCursor } from '../lib/store/cursors-repo.js';
import { migrate } from '../lib/store/migrations.js';
import { loadEvidence } from '../lib/store/series-repo.js';
import { resyncOwnedReplies } from '../lib/store/queue-repo.js';
import { Option } from 'commander';
import { cliProgram, numberIn, parseArgs } from './lib-cli.js';

const o = parseArgs<{ mentions: number; brands: number; days: number; ticks: number; store?: string; ids: string }>(
  cliProgram('bench-tick', 'Milliseconds of the detection tick per brand at a given number of stored mentions')
    .option('--mentions <n>', 'mentions stored before the ticks', numberIn({ min: 1000, integer: true }), 10_000_000)
    .option('--brands <n>', 'brands sharing them', numberIn({ min: 1, max: 100, integer: true }), 5)
    .option('--days <n>', 'days they span, ending now', numberIn({ min: 8, max: 365, integer: true }), 30)
    .option('--ticks <n>', 'steady ticks per brand, five minutes apart', numberIn({ min: 1, max: 288, integer: true }), 24)
    .addOption(
      new Option('--ids <order>', 'random: platform ids in no time order; time: ids that grow with the post time, as X, Mastodon, Reddit or Hacker News ids do')
        .choices(['random', 'time'])
        .default('random'),
    )
    .option('--store <dir>', 'keep the filled store in <dir> and reuse it when run again with the same sizes (default: a temporary folder, removed)'),
);

const MIN = 60_000;
const dir = o.store ? path.resolve(o.store) : mkdtempSync(path.join(os.tmpdir(), 'brand-pulse-bench-tick-'));
const { client: store } = createStore({ dataDir: dir });
/** Time per statement of the steady ticks and of the evidence reads, by what it reads (the table after FROM or INTO). */
const spent = { steady: new Map<string, { ms: number; n: number }>(), evidence: new Map<string, { ms: number; n: number }>() };
let timing: keyof typeof spent | undefined;
const what = (sql: string) => (/\b(?:FROM|INTO)\s+([a-z_0-9.]+(?:\s+FINAL)?)/i.exec(sql)?.[1] ?? sql.trim().split(/\s+/).slice(0, 2).join(' '));
const client = new Proxy(store, {
  get(target, prop, receiver) {
    const v = Reflect.get(target, prop, receiver) as unknown;
    if (typeof v !== 'function' || !['query', 'insert', 'command'].includes(String(prop))) return v;
    return async (args: { query?: string; table?: string }) => {
      const a = performance.now();
      const r = await (v as (x: unknown) => Promise<{ text?: () => Promise<string>; json?: () => Promise<unknown> }>).call(target, args);
      // A query's rows are read after it returns: the time to read them counts with it.
      const done = () => {
        if (!timing) return;
        const key = args.table ? `INSERT ${args.table}` : what(args.query ?? '');
        const m = spent[timing];
        const e = m.get(key) ?? { ms: 0, n: 0 };
        m.set(key, { ms: e.ms + performance.now() - a, n: e.n + 1 });
      };
      if (prop !== 'query') {
        done();
        return r;
      }
      const wrap = (m: 'text' | 'json') => async () => {
        const out = await (r[m] as () => Promise<unknown>).call(r);
        done();
        return out;
      };
      return Object.assign(Object.create(Object.getPrototypeOf(r)), r, { text: wrap('text'), json: wrap('json') });
    };
  },
});
const log = (m: string) => process.stderr.write(m + '\n');

try {
  await migrate(client);
  const brands = Array.from({ length: o.brands }, (_, i) => `brand${i}`);
  const config = parseConfig(
    `brands:\n${brands.map((b) => `  - { id: ${b}, name: Brand ${b}, queries: [${b}] }`).join('\n')}\nsources: [{ id: bench, type: push, secret_env: BENCH_TICK_SECRET }]\n`,
    'bench-tick.yaml',
  );
  // The live defaults: five-minute buckets scored `settle` after they end, against a 7-day baseline.
  const { bucket: BUCKET, settle: SETTLE, baseline_window: BASELINE } = detectionFor(config, brands[0]);
  const [held] = await queryRows<{ n: string; b: string; days: string; newest: string; owned: string; src: string }>(
    client,
    'what the store holds',
    'SELECT count() AS n, uniqExact(brand) AS b, round(dateDiff(\'second\', min(created_at), max(created_at)) / 86400) AS days, toUnixTimestamp64Milli(max(created_at)) AS newest, countIf(author_owned = 1) AS owned, any(source_id) AS src FROM mentions',
    {},
  );
  const already = Number(held.n);
  if (already && (already !== o.mentions || Number(held.b) !== o.brands || Number(held.days) !== o.days)) {
    throw new Error(`--store ${dir} holds ${already} mentions of ${held.b} brands over ${held.days} days, not ${o.mentions} of ${o.brands} over ${o.days}: give another folder`);
  }
  const SOURCE = o.ids === 'time' ? 'bench-time-ids' : 'bench';
  if (already && held.src !== SOURCE) throw new Error(`--store ${dir} was filled with ${held.src === 'bench' ? 'random' : 'time'} ids, not --ids ${o.ids}: give another folder`);
  if (already && Number(held.owned) === 0) throw new Error(`--store ${dir} was filled by an older bench-tick (no owned replies for the queue sweep): give another folder`);
  // A reused store keeps its clock: its data ends where it ended; the detectors start afresh.
  const end = already ? Math.floor(Number(held.newest) / BUCKET) * BUCKET + BUCKET : Math.floor(Date.now() / BUCKET) * BUCKET;
  await client.command({ query: 'TRUNCATE TABLE source_cursors' });
  // The data ends `ticks` buckets after the first tick's clock: the steady ticks each find one new bucket.
  const firstClock = end - o.ticks * BUCKET;
  const start = end - o.days * 86_400_000;
  const spanMs = end - start;

  const t0 = performance.now();
  const CHUNK = 1_000_000;
  for (let off = 0; already === 0 && off < o.mentions; off += CHUNK) {
    const n = Math.min(CHUNK, o.mentions - off);
    // Deterministic pseudo-random columns from the row number: a brand, a platform, a language,
    // about a fifth negative, authors drawn from 200,000, texts from a small set, one in 200 a
    // reply by the brand's own account (what the queue sweep reads: about one a minute per brand).
    await client.command({
      query: `INSERT INTO mentions (brand, platform, external_id, source_id, matched_query, text, author_id, author_followers, likes,
                lang, sentiment, sentiment_score, sentiment_confidence, created_at, fetched_at, author_owned)
              SELECT
                concat('brand', toString(cityHash64(number, 1) % {brands:UInt32})) AS brand,
                arrayElement(['x', 'reddit', 'youtube', 'facebook', 'bluesky'], 1 + cityHash64(number, 2) % 5) AS platform,
                if({timeIds:UInt8}, concat(leftPad(toString(toUnixTimestamp64Milli(created_at)), 13, '0'), leftPad(toString(number), 9, '0')), toString(number)) AS external_id,
                {source:String}, brand,
                arrayElement(['the app keeps logging me out', 'lost my luggage at the desk again', 'great service today',
                              'new route to Rome announced', 'is there wifi on the flight?', 'refund still not here after two weeks'],
                             1 + cityHash64(number, 3) % 6) AS text,
                toString(cityHash64(number, 4) % 200000) AS author_id,
                cityHash64(number, 5) % 5000, cityHash64(number, 6) % 20,
                arrayElement(['en', 'ar', 'he'], 1 + cityHash64(number, 7) % 3),
                multiIf(cityHash64(number, 8) % 100 < 20, 'negative', cityHash64(number, 8) % 100 < 70, 'neutral', 'positive') AS sentiment,
                if(sentiment = 'negative', -0.7, if(sentiment = 'positive', 0.7, 0)), 0.8,
                fromUnixTimestamp64Milli(toInt64({start:Int64} + cityHash64(number, 9) % {span:UInt64}), 'UTC') AS created_at,
                created_at, toUInt8(cityHash64(number, 10) % 200 = 0)
              FROM numbers({off:UInt64}, {n:UInt64})`,
      query_params: { brands: o.brands, start, span: spanMs, off, n, timeIds: o.ids === 'time' ? 1 : 0, source: SOURCE },
    });
    log(`stored ${(off + n).toLocaleString('en')} mentions (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }
  // A successful poll every minute: no bucket reads as a source outage.
  if (!already) await client.command({
    query: `INSERT INTO source_polls (source_id, source_type, started_at, finished_at, status, fetched, stored, duplicates, rejected)
            SELECT 'bench', 'push', fromUnixTimestamp64Milli(toInt64({start:Int64} + number * 60000), 'UTC') AS t, t, 'ok', 1, 1, 0, 0
            FROM numbers({n:UInt64})`,
    query_params: { start, n: Math.ceil(spanMs / MIN) + 1 },
  });
  const fill = (performance.now() - t0) / 1000;
  const stored = Number((await queryRows<{ n: string }>(client, 'count mentions', 'SELECT count() AS n FROM mentions', {}))[0].n);

  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const timed = async (f: () => Promise<unknown>) => {
    const a = performance.now();
    await f();
    return performance.now() - a;
  };
  const tick = async (brand: string, now: number) => {
    const d = await detectBrand(client, config, brand, now);
    if (d) await saveCursor(client, detectorCursorId(brand), d.cursor);
    return d;
  };

  // References, in the same run: the round trip, and a scan of one brand's mentions.
  for (let i = 0; i < 5; i++) await client.query({ query: 'SELECT 1' }).then((r) => r.text());
  const trips: number[] = [];
  for (let i = 0; i < 30; i++) trips.push(await timed(() => client.query({ query: 'SELECT 1' }).then((r) => r.text())));
  const roundTrip = median(trips);
  const scans: number[] = [];
  for (const b of brands) scans.push(await timed(() => queryRows(client, 'scan', 'SELECT count() AS n, uniq(author_id) AS a FROM mentions WHERE brand = {b:String}', { b })));

  const first: number[] = [];
  const steady: number[] = [];
  const evidence: number[] = [];
  let scoredSteady = 0;
  for (const b of brands) {
    first.push(await timed(() => tick(b, firstClock + SETTLE)));
    timing = 'steady';
    for (let k = 1; k <= o.ticks; k++) {
      let d: Awaited<ReturnType<typeof tick>>;
      steady.push(await timed(async () => (d = await tick(b, firstClock + k * BUCKET + SETTLE))));
      scoredSteady += d?.observations.length ?? 0;
    }
    timing = 'evidence';
    evidence.push(await timed(() => loadEvidence(client, b, end - 30 * MIN, end, end - BASELINE)));
    timing = undefined;
  }
  // The reply queue's sweep, once per tick for all brands (lib/pipeline/queue-sweep.ts): the read
  // of the owned replies fetched in one tick's span, a minute apart.
  const sweeps: number[] = [];
  for (let k = 1; k <= o.ticks; k++) sweeps.push(await timed(() => resyncOwnedReplies(client, brands, end - (k + 1) * MIN, end - k * MIN, end)));
  if (scoredSteady !== brands.length * o.ticks) throw new Error(`steady ticks scored ${scoredSteady} buckets, expected ${brands.length * o.ticks}`);

  const f = (x: number) => x.toFixed(1);
  console.log(`embedded chDB: ${stored.toLocaleString('en')} mentions over ${o.days} days, ${o.brands} brands; filled in ${fill.toFixed(0)} s`);
  console.log(`${os.cpus()[0]?.model ?? 'unknown CPU'} (${os.cpus().length} cores), Node ${process.version}\n`);
  console.log('| per brand | median ms | max ms | in round trips |');
  console.log('|---|---:|---:|---:|');
  const row = (name: string, xs: number[]) => console.log(`| ${name} | ${f(median(xs))} | ${f(Math.max(...xs))} | ${(median(xs) / roundTrip).toFixed(1)} |`);
  row(`steady tick (one new bucket; ${steady.length} ticks)`, steady);
  row(`first tick (${BASELINE / 86_400_000}-day baseline from the rollup)`, first);
  row('evidence of an anomalous tick (loadEvidence, 30 min)', evidence);
  row("reference: scan of the brand's mentions (count, uniq authors)", scans);
  console.log(`| reference: round trip (SELECT 1) | ${f(roundTrip)} | | 1 |`);
  console.log(`\nPer tick, for all ${brands.length} brands: the reply-queue sweep (owned replies fetched in a minute) ${f(median(sweeps))} ms median, ${f(Math.max(...sweeps))} max.`);
  for (const [phase, runs] of [['steady', steady.length], ['evidence', evidence.length]] as const) {
    console.log(`\nWhere ${phase === 'steady' ? 'a steady tick' : 'an evidence read'} spends its time (mean ms, by the table each statement reads or writes):\n`);
    console.log('| statement | ms | statements |');
    console.log('|---|---:|---:|');
    for (const [k, v] of [...spent[phase]].sort((x, y) => y[1].ms - x[1].ms)) console.log(`| ${k} | ${f(v.ms / runs)} | ${(v.n / runs).toFixed(1)} |`);
  }
} finally {
  await store.close();
  if (!o.store) rmSync(dir, { recursive: true, force: true });
}
