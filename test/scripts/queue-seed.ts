// Seeds an embedded store (the folder in argv[2]) with two queue items, one answered, for the
// queue CLI's test: it runs in a process of its own because chdb opens one folder per process.
import { compileBrandMatchers } from '../../lib/analysis/brand-match.js';
import { compileOwnedAccounts } from '../../lib/care/owned-accounts.js';
import { parseConfig } from '../../lib/config/load.js';
import { storeBatch } from '../../lib/pipeline/store-batch.js';
import { createStore } from '../../lib/store/clickhouse.js';
import { migrate } from '../../lib/store/migrations.js';

const config = parseConfig(
  'brands:\n  - {id: acme, name: Acme, queries: [acme], owned: {x: ["@AcmeCare"]}}\nsources:\n  - {id: s, type: replay, path: x.jsonl}\n',
  'seed.yaml',
);
const { client } = createStore({ dataDir: process.argv[2] });
await migrate(client);
const ctx = { sourceId: 's', matchers: compileBrandMatchers(config.brands), owned: compileOwnedAccounts(config.brands), fetchedAt: new Date('2026-11-20T12:00:00Z') };
const customer = (id: string, at: string) => ({
  id: `x:${id}`, platform: 'x', text: 'Acme my card was declined, can you help?', created_at: at, author: { id: `u${id}`, name: `c${id}`, followers: 0 }, thread_id: `x:${id}`,
});
await storeBatch(client, ctx, [customer('1', '2026-11-20T10:00:00Z'), customer('2', '2026-11-20T10:30:00Z')]);
await storeBatch(client, ctx, [
  { id: 'x:3', platform: 'x', text: 'Sorry! DM us please.', created_at: '2026-11-20T10:45:00Z', author: { id: '9', name: 'AcmeCare', followers: 0 }, in_reply_to: 'x:1', thread_id: 'x:1' },
]);
await client.close();
