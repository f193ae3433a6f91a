// A poll with a boolean query brand against a local server replaying Hacker News (Algolia): the
// provider is asked for the query's search terms, and the query decides what is stored.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../lib/config/load.js';
import { pollSourceOnce } from '../../../lib/pipeline/poll-source.js';
import { createHttpClient } from '../../../lib/sources/http.js';
import { startRecordedServer, type RecordedServer } from '../../helpers/recorded-server.js';
import { createTestStore, type TestStore } from '../../helpers/store.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../fixtures/hackernews/${name}`, import.meta.url), 'utf8'));

describe('poll with a boolean brand query', () => {
  let server: RecordedServer;
  let store: TestStore;
  beforeAll(async () => {
    server = await startRecordedServer();
    store = await createTestStore();
  });
  afterAll(async () => {
    await server.close();
  });

  it('searches the names, stores what the query matches (outage or refund, not the author pgarcia)', async () => {
    const config = parseConfig(
      `brands:
  - id: acme-q
    name: Acme
    query: '("acme cloud" OR acmecloud) AND (down OR outage* OR refund) NOT author:@pgarcia'
sources:
  - { id: hn-q, type: hackernews, base_url: ${server.url}/api/v1, hits_per_page: 2, lookback_seconds: 86400 }
`,
      'test.yaml',
    );
    server.handle('/api/v1/search_by_date', (req) =>
      req.query.get('page') === '1' ? { body: fixture('search_by_date.page1.json') } : { body: fixture('search_by_date.page0.json') },
    );
    const now = () => new Date('2026-11-22T12:00:00Z');
    const result = await pollSourceOnce({ clickhouse: store.client, http: createHttpClient({ backoffMs: 10 }), config, now }, 'hn-q');
    // The server answers both searches with the same pages: 41230010 (down, refund) is stored
    // once; 41230001 (outage, by pgarcia) and 41229950 (no outage word) are unmatched each time.
    expect(result).toMatchObject({ stored: 1, duplicates: 1, unmatched: 4, rejected: 2 });
    const rows = await store.rows<{ external_id: string; brand: string }>("SELECT external_id, brand FROM mentions FINAL WHERE source_id = 'hn-q'");
    expect(rows).toEqual([{ external_id: '41230010', brand: 'acme-q' }]);
    const searched = new Set(server.requests.map((r) => r.query.get('query')));
    expect([...searched].sort()).toEqual(['acme cloud', 'acmecloud']);
  });
});
