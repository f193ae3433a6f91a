// The process the kill -9 test kills: stores batches of mention rows into the embedded
// ClickHouse of <dir> through the store, like a poll (the cursor is saved after each stored
// batch, so a restart retries the batch it was killed in). It says when an insert into
// `mentions` starts and how long it took (so that the kill can land inside one), and when a
// batch is stored:
//   inserting
//   inserted <ms>
//   batch <n> stored <rows> repaired <minutes> <mentions>
// Run: node --import tsx test/reliability/insert-loop.ts <dir> <batches> <first item time, epoch ms>
import { writeSync } from 'node:fs';
import type { ClickHouseClient } from '@clickhouse/client';
import { chTime, createStore } from '../../lib/store/clickhouse.js';
import { loadCursor, saveCursor } from '../../lib/store/cursors-repo.js';
import { storeNewMentions } from '../../lib/store/mentions-repo.js';
import { migrate } from '../../lib/store/migrations.js';
import { mentionsOff } from '../../lib/store/rollup-repo.js';
import { mentionRow } from '../lib/store/rows.js';

const BATCH = 500;

async function main(): Promise<void> {
  const [dir, batchesArg, t0Arg] = process.argv.slice(2);
  const batches = Number(batchesArg);
  const t0 = Number(t0Arg);
  const { client: store } = createStore({ dataDir: dir });
  await migrate(store);
  const client = new Proxy(store, {
    get(target, prop) {
      const v = Reflect.get(target, prop);
      if (prop !== 'insert') return typeof v === 'function' ? v.bind(target) : v;
      return async (args: Parameters<ClickHouseClient['insert']>[0]) => {
        if (args.table !== 'mentions') return target.insert(args);
        writeSync(1, 'inserting\n'); // synchronously: the parent may kill right away
        const started = performance.now();
        const result = await target.insert(args);
        writeSync(1, `inserted ${Math.round(performance.now() - started)}\n`);
        return result;
      };
    },
  });
  const cursor = (await loadCursor<{ next: number }>(client, 'loop')) ?? { next: 0 };
  for (let b = cursor.next; b < batches; b++) {
    // Item n is the same in every run: spread over 5,000 × 7 s, 7 authors, every sentiment and rating.
    const rows = Array.from({ length: BATCH }, (_, i) => b * BATCH + i).map((n) => mentionRow(n, { created_at: chTime(t0 + (n % 5000) * 7_000), source_id: 'loop' }));
    const r = await storeNewMentions(client, rows);
    await saveCursor(client, 'loop', { next: b + 1 });
    process.stdout.write(`batch ${b} stored ${r.stored} repaired ${r.repaired.length} ${mentionsOff(r.repaired)}\n`);
  }
  process.stdout.write('done\n');
  await store.close();
}

await main();
