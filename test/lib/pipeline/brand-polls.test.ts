// A bucket is missing for a brand when none of the sources that watch it polled successfully
// then: another brand's source polling all along says nothing of this brand's (its only source
// was down, the brand was not quiet). Embedded ClickHouse for the poll log; the sources of a
// brand from the config.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../lib/config/load.js';
import { sourcesOfBrand } from '../../../lib/pipeline/source-scope.js';
import { chTime, insertRows } from '../../../lib/store/clickhouse.js';
import { bucketsWithoutPolls } from '../../../lib/store/series-repo.js';
import { createTestStore } from '../../helpers/store.js';

const MIN = 60_000;
const T0 = Date.parse('2026-11-20T10:00:00Z');
const config = parseConfig(
  `brands:
  - { id: nimbus, name: Nimbus Air, queries: [nimbus] }
  - { id: skylark, name: Skylark, queries: [skylark] }
sources:
  - { id: hn-all, type: hackernews }
  - { id: hn-nimbus, type: hackernews, brands: [nimbus] }
  - { id: hn-skylark, type: hackernews, brands: [skylark] }
  - { id: hn-old, type: hackernews, brands: [skylark], enabled: false }
`,
  'polls.yaml',
);

describe('the polls that judge a brand\'s buckets', () => {
  it('a brand\'s sources are the enabled ones that watch it', () => {
    expect(sourcesOfBrand(config, 'nimbus')).toEqual(['hn-all', 'hn-nimbus']);
    expect(sourcesOfBrand(config, 'skylark')).toEqual(['hn-all', 'hn-skylark']);
    expect(sourcesOfBrand(config, 'nobody')).toEqual([]);
  });

  it('a bucket counts as heard only when one of the brand\'s own sources polled in it', async () => {
    const store = await createTestStore();
    await store.reset();
    const poll = (source: string, minute: number, status = 'ok') => ({
      source_id: source, source_type: 'hackernews', started_at: chTime(T0 + minute * MIN - 5_000), finished_at: chTime(T0 + minute * MIN),
      status, error: status === 'ok' ? '' : 'HTTP 503', fetched: 1, stored: 1, duplicates: 0, rejected: 0,
    });
    // Four 5-minute buckets. Skylark's source polls in every one; Nimbus's only in the first and
    // the last, and fails in the second.
    await insertRows(store.client, 'polls', 'source_polls', [
      ...[1, 6, 11, 16].map((m) => poll('hn-skylark', m)),
      poll('hn-nimbus', 1),
      poll('hn-nimbus', 6, 'error'),
      poll('hn-nimbus', 16),
    ]);
    const bucket = 5 * MIN;
    const missing = async (brand: string) => [...(await bucketsWithoutPolls(store.client, sourcesOfBrand(config, brand), T0, T0 + 20 * MIN, bucket))].sort();
    expect(await missing('nimbus')).toEqual([T0 + 5 * MIN, T0 + 10 * MIN]);
    expect(await missing('skylark')).toEqual([]);
    // No source of its own at all: nothing to judge by, so nothing missing.
    expect(await bucketsWithoutPolls(store.client, [], T0, T0 + 20 * MIN, bucket)).toEqual(new Set());
  });
});
