// npm run bench:kill-inserts -- [--kills 12] [--delay-min 15] [--delay-max 50]
// Measures case 3 of issue 11: a child process (test/reliability/insert-loop.ts) stores batches
// of 500 mention rows into a fresh embedded ClickHouse folder and is killed with SIGKILL a random
// delay into an insert into `mentions`. After each kill this process opens the folder and counts
// how far the rollup is short of `mentions` (before the next run retries the batch, which the
// store then corrects); at the end, after a last retry, it checks the whole rollup. Prints how
// many kills left the rollup short, by how much, and what remained. A measure, not a test.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { createStore, queryRows } from '../lib/store/clickhouse.js';
import { rollupDifferences } from '../lib/store/rollup-repo.js';
import { parseOrExit, wholeNumber } from './lib-cli.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CHILD = path.join(ROOT, 'test/reliability/insert-loop.ts');
const o = parseOrExit(
  new Command()
    .name('bench:kill-inserts')
    .description('How often a SIGKILL during an insert leaves the rollup short, and what is left after the retries')
    .option('--kills <n>', 'kills', wholeNumber(1), 12)
    .option('--delay-min <ms>', 'shortest delay into an insert', wholeNumber(), 15)
    .option('--delay-max <ms>', 'longest delay into an insert', wholeNumber(), 50),
).opts<{ kills: number; delayMin: number; delayMax: number }>();

const dir = mkdtempSync(path.join(os.tmpdir(), 'brand-pulse-bench-kill-'));
const t0 = Date.now() - 86_400_000;

/** One run of the child; killed `delayMs` into an insert once a batch is stored, or to the end. */
function run(delayMs?: number, batches = 100_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, String(batches), String(t0)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    let timer: NodeJS.Timeout | undefined;
    p.stdout.on('data', (d: Buffer) => {
      out += d;
      if (delayMs !== undefined && !timer && /batch [^]*inserting\n/.test(out)) timer = setTimeout(() => p.kill('SIGKILL'), delayMs);
    });
    p.on('error', reject);
    p.on('exit', () => resolve(out));
  });
}

async function inStore<T>(f: (client: ReturnType<typeof createStore>['client']) => Promise<T>): Promise<T> {
  const { client } = createStore({ dataDir: dir });
  try {
    return await f(client);
  } finally {
    await client.close();
  }
}

const count = (sql: string) => inStore(async (c) => Number((await queryRows<{ n: string }>(c, 'count', sql))[0].n));
const GAP = 'SELECT (SELECT count() FROM mentions FINAL) - (SELECT sum(mentions) FROM mention_rollup_1m) AS n';
/** Mentions a run's retry corrected in the rollup. */
const correctedIn = (out: string) => [...out.matchAll(/^batch \d+ stored \d+ repaired \d+ (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
let short = 0;
let lost = 0;
let corrected = 0;
let gap = 0;
let batchesDone = 0;
try {
  for (let k = 0; k < o.kills; k++) {
    const out = await run(o.delayMin + Math.random() * (o.delayMax - o.delayMin));
    for (const m of out.matchAll(/^batch (\d+) stored/gm)) batchesDone = Number(m[1]) + 1;
    const fixed = correctedIn(out);
    corrected += fixed;
    const now = await count(GAP);
    // The gap this kill added: what it is now, less what was left of the last one after the retry.
    const added = now - (gap - fixed);
    if (added > 0) short++;
    lost += added;
    gap = now;
  }
  // The last kill's batch, retried (the store corrects it), then the whole rollup checked.
  corrected += correctedIn(await run(undefined, batchesDone + 1));
  const [rows, left, remaining] = await inStore(async (c) => [
    Number((await queryRows<{ n: string }>(c, 'count', 'SELECT count() AS n FROM mentions FINAL'))[0].n),
    Number((await queryRows<{ n: string }>(c, 'gap', GAP))[0].n),
    (await rollupDifferences(c, { from: 0, to: Date.now() + 86_400_000 })).length,
  ]);
  console.log(`${o.kills} kills ${o.delayMin}-${o.delayMax} ms into an insert: ${short} left the rollup short, by ${lost} mentions in all`);
  console.log(`the retries corrected ${corrected}; in the end ${rows} mentions stored, the rollup ${left} short, ${remaining} minutes differing`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
