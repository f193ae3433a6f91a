// The evidence behind an anomaly (loadEvidence): the most-reached negative posts of the window,
// each once and as its latest stored version (a re-fetch with more engagement replaces the row),
// 1-2 star reviews counted negative, posts outside the window or not negative left out; the
// platforms and languages carrying them; texts for phrase mining; the brand's own posts never
// (chatter only, as the detector counts). Embedded ClickHouse.
import { describe, expect, it } from 'vitest';
import { chTime } from '../../../lib/store/clickhouse.js';
import { loadEvidence } from '../../../lib/store/series-repo.js';
import { createTestStore } from '../../helpers/store.js';
import { mentionRow } from './rows.js';

const MIN = 60_000;
const W0 = Date.parse('2026-11-10T12:00:00Z');

describe('loadEvidence', () => {
  it('the top negative posts by reach, once each at their latest version, with their platforms and languages; never the brand\'s own posts', async () => {
    const store = await createTestStore();
    await store.reset();
    let n = 0;
    const post = (minute: number, text: string, reach: number, over: Partial<ReturnType<typeof mentionRow>> = {}) =>
      mentionRow(++n, {
        brand: 'ev', platform: 'x', lang: 'en', sentiment: 'negative', rating: 0, text,
        author_followers: reach, likes: 0, shares: 0, replies: 0,
        created_at: chTime(W0 + minute * MIN), fetched_at: chTime(W0 + 40 * MIN), ...over,
      });
    const refetched = post(3, 'lost my bag, refund please', 5, { external_id: 'bag', fetched_at: chTime(W0 + 5 * MIN) });
    // The post as first fetched, then fetched again later with more engagement (reach 1,000): two parts until they merge.
    await store.client.insert({ table: 'mentions', values: [refetched], format: 'JSONEachRow' });
    const rows = [
      { ...refetched, likes: 995, fetched_at: chTime(W0 + 35 * MIN) },
      post(1, 'the desk was closed', 300),
      post(2, 'two hours in the queue', 200, { platform: 'reddit', lang: 'ar' }),
      post(4, 'never again', 150),
      post(5, 'the app crashed at checkout', 120, { platform: 'appstore', sentiment: 'neutral', rating: 1 }), // a 1-star review
      post(6, 'meh', 10),
      post(7, 'worst flight ever', 5_000, { created_at: chTime(W0 - 10 * MIN) }), // before the window
      post(8, 'great crew', 9_000, { sentiment: 'positive' }), // not negative
      post(9, 'still waiting for the refund', 20, { lang: 'he' }),
      // The brand's own account: its apology reaches most and may read negative, but is not chatter.
      post(10, 'we are sorry for the delays today', 80_000, { author_owned: 1, platform: 'facebook', lang: 'fr' }),
      post(11, 'our apologies, the baggage desk is closed', 80_000, { author_owned: 1, created_at: chTime(W0 - 20 * MIN) }),
    ];
    await store.client.insert({ table: 'mentions', values: rows, format: 'JSONEachRow' });

    const e = await loadEvidence(store.client, 'ev', W0, W0 + 30 * MIN, W0 - 60 * MIN);
    expect(e.samples.map((s) => [s.text, s.reach])).toEqual([
      ['lost my bag, refund please', 1000],
      ['the desk was closed', 300],
      ['two hours in the queue', 200],
      ['never again', 150],
      ['the app crashed at checkout', 120],
    ]);
    expect(e.platforms).toEqual(['appstore', 'reddit', 'x']);
    expect(e.languages).toEqual(['ar', 'en', 'he']);
    expect(e.negativeTexts.sort()).toEqual(
      ['lost my bag, refund please', 'the desk was closed', 'two hours in the queue', 'never again', 'the app crashed at checkout', 'meh', 'still waiting for the refund'].sort(),
    );
    expect(e.baselineTexts).toEqual(['worst flight ever']);
  });
});
