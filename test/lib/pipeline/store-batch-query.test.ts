// End to end through the store step (validate -> analyse -> match -> store) on the embedded
// ClickHouse, with a brand named by a boolean query: what is stored, under which brand, with
// which query, and what is left unmatched.
import { beforeAll, describe, expect, it } from 'vitest';
import { compileBrandMatchers } from '../../../lib/analysis/brand-match.js';
import { parseConfig } from '../../../lib/config/load.js';
import { storeBatch } from '../../../lib/pipeline/store-batch.js';
import { createTestStore, type TestStore } from '../../helpers/store.js';

const QUERY = '("nimbus air" OR nimbusair OR נימבוס OR نيمبوس) AND (delay* OR late OR lost OR איחור OR تأخير) NOT platform:reddit';
const CONFIG = `brands:
  - id: nimbus
    name: Nimbus Air
    query: '${QUERY}'
    exclude: [nimbus air miles]
    competitors:
      - { id: zephyr, name: Zephyr, query: 'zephyr rating:<=2' }
  - { id: nimbus-he, name: Nimbus Israel, query: '(נימבוס OR نيمبوس) lang:he' }
sources: [{ id: feed, type: replay, path: unused.jsonl }]
`;

let store: TestStore;
beforeAll(async () => {
  store = await createTestStore();
});

const at = (minute: number) => new Date(Date.UTC(2026, 10, 20, 10, minute)).toISOString();
const post = (id: string, platform: string, text: string, extra: Record<string, unknown> = {}) => ({
  id: `${platform}:${id}`,
  platform,
  text,
  created_at: at(Number(id)),
  author: { id: `u${id}`, name: `user${id}`, followers: 10 },
  ...extra,
});

describe('store batch with a boolean brand query', () => {
  it('stores the mentions the query matches, under their brand and query, and counts the rest unmatched', async () => {
    const config = parseConfig(CONFIG, 'monitor.yaml');
    const matchers = compileBrandMatchers(config.brands);
    const batch = [
      post('1', 'x', 'Nimbus Air delayed my flight again'), // nimbus
      post('2', 'x', 'ולנימבוס יש איחור של שעתיים'), // nimbus, and nimbus-he: Hebrew behind ול, analysed as Hebrew
      post('3', 'mastodon', 'وبنيمبوس تأخير كبير اليوم'), // none: two proclitics (و + ب) are beyond what we fold
      post('4', 'mastodon', 'الرحلة مع نيمبوس فيها تأخير'), // nimbus (not nimbus-he: analysed as Arabic)
      post('5', 'reddit', 'nimbusair lost my bag'), // NOT platform:reddit
      post('6', 'x', 'Nimbus Air is great today'), // no delay word
      post('7', 'x', 'Nimbus Air miles delayed'), // excluded
      post('8', 'appstore', 'Zephyr crashes on start', { rating: 1 }), // zephyr, rating 1
      post('9', 'appstore', 'Zephyr is fine', { rating: 4 }), // zephyr, rating 4: no
      post('10', 'x', '#NimbusAir late ✈️😡'), // nimbus, hashtag and emoji
    ];
    const r = await storeBatch(store.client, { sourceId: 'feed', matchers, fetchedAt: new Date(at(30)) }, batch);
    expect(r).toMatchObject({ stored: 6, unmatched: 5, rejected: 0 });
    const rows = await store.rows<{ brand: string; competitor_of: string; external_id: string; matched_query: string }>(
      'SELECT brand, competitor_of, external_id, matched_query FROM mentions FINAL WHERE source_id = {s:String} ORDER BY toUInt32(external_id), brand',
      { s: 'feed' },
    );
    expect(rows).toEqual([
      { brand: 'nimbus', competitor_of: '', external_id: '1', matched_query: QUERY },
      { brand: 'nimbus', competitor_of: '', external_id: '2', matched_query: QUERY },
      { brand: 'nimbus-he', competitor_of: '', external_id: '2', matched_query: '(נימבוס OR نيمبوس) lang:he' },
      { brand: 'nimbus', competitor_of: '', external_id: '4', matched_query: QUERY },
      { brand: 'zephyr', competitor_of: 'nimbus', external_id: '8', matched_query: 'zephyr rating:<=2' },
      { brand: 'nimbus', competitor_of: '', external_id: '10', matched_query: QUERY },
    ]);
  });
});
