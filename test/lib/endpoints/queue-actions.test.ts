// The reply queue's signed links through the worker's real endpoint (startHttpEndpoint, with a
// client of the real dev server) on embedded ClickHouse: GET confirms and changes nothing, POST
// acts, and an altered or unsigned link is refused.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { compileBrandMatchers } from '../../../lib/analysis/brand-match.js';
import { compileOwnedAccounts } from '../../../lib/care/owned-accounts.js';
import { queueLinkUrl } from '../../../lib/care/queue-links.js';
import { parseConfig } from '../../../lib/config/load.js';
import { startHttpEndpoint } from '../../../lib/endpoints/action-endpoint.js';
import { storeBatch } from '../../../lib/pipeline/store-batch.js';
import { listQueue } from '../../../lib/store/queue-repo.js';
import { useTestStore } from '../../helpers/store.js';
import { temporalClient } from '../../helpers/temporal.js';

const SECRET = 'queue-link-test-secret';
const config = parseConfig('brands:\n  - {id: acme, name: Acme, queries: [acme], owned: {x: ["@AcmeCare"]}}\nsources:\n  - {id: s, type: replay, path: x.jsonl}\n', 'q.yaml');

describe('queue links on the worker endpoint', () => {
  const store = useTestStore();
  let endpoint: Awaited<ReturnType<typeof startHttpEndpoint>>;
  let closeTemporal: () => Promise<void>;
  beforeAll(async () => {
    const { client, connection, native } = await temporalClient();
    closeTemporal = async () => {
      await connection.close();
      await native.close();
    };
    endpoint = await startHttpEndpoint({ client, port: 0, host: '127.0.0.1', ackSecret: SECRET, queue: { clickhouse: store.client } });
  });
  afterAll(async () => {
    await endpoint?.close();
    await closeTemporal?.();
  });
  beforeEach(async () => {
    await store.reset();
    const ctx = { sourceId: 's', matchers: compileBrandMatchers(config.brands), owned: compileOwnedAccounts(config.brands), fetchedAt: new Date('2026-11-20T12:00:00Z') };
    await storeBatch(store.client, ctx, [
      { id: 'x:7', platform: 'x', text: 'Acme my card was declined, can you help?', created_at: '2026-11-20T10:00:00Z', author: { id: 'u7', name: 'c7', followers: 0 } },
    ]);
  });
  const link = (action: Parameters<typeof queueLinkUrl>[2]['action']) => queueLinkUrl(endpoint.url, SECRET, { brand: 'acme', mentionId: 'x:7', action });
  const state = async () => (await listQueue(store.client)).map((i) => [i.state, i.assignee]);

  it('GET shows the action and changes nothing; POST assigns; a repeated POST is harmless', async () => {
    const url = link({ kind: 'assign', to: 'Noa Levi' });
    const get = await fetch(url);
    expect(get.status).toBe(200);
    const html = await get.text();
    expect(html).toContain('assign to Noa Levi: x:7 (acme)');
    expect(html).toContain('<form method="post"');
    expect(await state()).toEqual([['open', '']]);
    const post = await fetch(url, { method: 'POST' });
    expect(post.status).toBe(200);
    expect(await post.text()).toContain('the item is now assigned (Noa Levi)');
    expect(await state()).toEqual([['assigned', 'Noa Levi']]);
    expect((await fetch(url, { method: 'POST' })).status).toBe(200);
    // The repeat wrote nothing more; a person's action writes people's part, not the item's row.
    expect(await store.rows('SELECT version FROM reply_queue_people ORDER BY version')).toEqual([{ version: 1 }]);
    expect(await store.rows('SELECT version FROM reply_queue ORDER BY version')).toEqual([{ version: 1 }]);
  });

  it('dismisses and reopens', async () => {
    await fetch(link({ kind: 'dismiss' }), { method: 'POST' });
    expect(await state()).toEqual([['dismissed', '']]);
    await fetch(link({ kind: 'reopen' }), { method: 'POST' });
    expect(await state()).toEqual([['open', '']]);
  });

  it('refuses an altered link (another assignee, another mention) and an unsigned one', async () => {
    const altered = new URL(link({ kind: 'assign', to: 'Noa' }));
    altered.searchParams.set('to', 'Mallory');
    expect((await fetch(altered, { method: 'POST' })).status).toBe(403);
    const other = new URL(link({ kind: 'dismiss' }));
    other.searchParams.set('mention', 'x:8');
    expect((await fetch(other, { method: 'POST' })).status).toBe(403);
    expect((await fetch(`${endpoint.url}/queue?brand=acme&mention=x:7&action=dismiss`, { method: 'POST' })).status).toBe(403);
    expect(await state()).toEqual([['open', '']]);
  });

  it('answers 404 for a signed link to a mention with no item', async () => {
    const r = await fetch(queueLinkUrl(endpoint.url, SECRET, { brand: 'acme', mentionId: 'x:9', action: { kind: 'dismiss' } }), { method: 'POST' });
    expect(r.status).toBe(404);
  });
});
