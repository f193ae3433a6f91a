// npm run bench:kill-inserts -- [--kills 12] [--from 0.8] [--to 1.3]
// Measures case 3 of issue 11: a child process (test/reliability/insert-loop.ts) stores batches
// of 500 mention rows into a fresh embedded ClickHouse folder and is killed with SIGKILL inside an
// insert into `mentions` (a random fraction of the time its previous insert took). After each
// kill this process opens the folder and counts how far the rollup is short of `mentions`
// (before the next run retries the batch, which the store then corrects); at the end, after a
// last retry, it checks the whole rollup. Prints how many kills left the rollup short, by how
// much, and what remained. A measure, not a test.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InvalidArgumentError } from 'commander';
import { createStore, queryRows } from '../lib/store/clickhouse.js';
import { rollupDifferences } from '../lib/store/rollup-repo.js';
import { runInsertLoop } from '../test/reliability/kill-insert-loop.js';
import { cliProgram, numberIn, parseArgs } from './lib-cli.js';

const fraction = (v: string) => {
  const x = Number(v);
  if (!(x >= 0 && x <= 2)) throw new InvalidArgumentError(`"${v}" is not a fraction between 0 and 2`);
  return x;
};
const o = parseArgs<{ kills: number; from: number; to: number }>(
  cliProgram('bench:kill-inserts', 'How often a SIGKILL during an insert leaves the rollup short, and what is left after the retries')
    .option('--kills <n>', 'kills', numberIn({ min: 1, integer: true }), 12)
    .option('--from <fraction>', "earliest kill, as a fraction of the previous insert's duration", fraction, 0.8)
    .option('--to <fraction>', "latest kill, as a fraction of the previous insert's duration", fraction, 1.3),
);

const dir = mkdtempSync(path.join(os.tmpdir(), 'brand-pulse-bench-kill-'));
const t0 = Date.now() - 86_400_000;
const GAP = 'SELECT (SELECT count() FROM mentions FINAL) - (SELECT sum(mentions) FROM mention_rollup_1m) AS n';

async function inStore<T>(f: (client: ReturnType<typeof createStore>['client']) => Promise<T>): Promise<T> {
  const { client } = createStore({ dataDir: dir });
  try {
    return await f(client);
  } finally {
    await client.close();
  }
}
const count = (sql: string) => inStore(async (c) => Number((await queryRows<{ n: string }>(c, 'count', sql))[0].n));

let short = 0;
let lost = 0;
let corrected = 0;
let gap = 0;
let batchesDone = 0;
try {
  for (let k = 0; k < o.kills; k++) {
    const run = await runInsertLoop(dir, { batches: 100_000, t0, kill: [o.from, o.to] });
    batchesDone = run.batchesDone ?? batchesDone;
    corrected += run.corrected;
    const now = await count(GAP);
    // The gap this kill added: what it is now, less what was left of the last one after the retry.
    const added = now - (gap - run.corrected);
    if (added > 0) short++;
    lost += added;
    gap = now;
  }
  // The last kill's batch, retried (the store corrects it), then the whole rollup checked.
  corrected += (await runInsertLoop(dir, { batches: batchesDone + 1, t0 })).corrected;
  const [rows, left, remaining] = await inStore(async (c) => [
    Number((await queryRows<{ n: string }>(c, 'count', 'SELECT count() AS n FROM mentions FINAL'))[0].n),
    Number((await queryRows<{ n: string }>(c, 'gap', GAP))[0].n),
    (await rollupDifferences(c, { from: 0, to: Date.now() + 86_400_000 })).length,
  ]);
  console.log(`${o.kills} kills ${o.from} to ${o.to} of an insert's time into one: ${short} left the rollup short, by ${lost} mentions in all`);
  console.log(`the retries corrected ${corrected}; in the end ${rows} mentions stored, the rollup ${left} short, ${remaining} minutes differing`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
