// The rollup read's trailing author counts (SQL over the per-minute author states) equal the
// in-memory TrailingAuthors over the same posts: one angry account posting every five minutes
// stays one author over every span, while a crowd's authors add up. Embedded ClickHouse.
import { describe, expect, it } from 'vitest';
import { TRAILING_SPANS_MS, TrailingAuthors } from '../../../lib/detection/trailing-authors.js';
import { chTime } from '../../../lib/store/clickhouse.js';
import { storeNewMentions } from '../../../lib/store/mentions-repo.js';
import { loadBrandBuckets } from '../../../lib/store/series-repo.js';
import { createTestStore } from '../../helpers/store.js';
import { mentionRow } from './rows.js';

const MIN = 60_000;
const BUCKET = 5 * MIN;
const T0 = Date.parse('2026-11-02T00:00:00Z');

describe('trailing negative authors from the rollup', () => {
  it('match the in-memory count: one account stays one, a crowd adds up, gaps and positive posts count for nothing', async () => {
    const store = await createTestStore();
    await store.reset();
    const rows: ReturnType<typeof mentionRow>[] = [];
    const byBucket = new Map<number, string[]>();
    let serial = 0;
    const post = (t: number, author: string, platform: string, sentiment: 'negative' | 'positive') => {
      rows.push(mentionRow(++serial, { brand: 'b', platform, sentiment, rating: 0, author_id: author, created_at: chTime(t) }));
      if (sentiment === 'negative') {
        const b = Math.floor(t / BUCKET) * BUCKET;
        byBucket.set(b, [...(byBucket.get(b) ?? []), `${platform}:${author}`]);
      }
    };
    // Eight hours: the angry account every five minutes from hour 1 to hour 4, a crowd of new
    // authors in hour 5, a silent hour 6, positive chatter throughout.
    for (let m = 0; m < 8 * 60; m += 5) {
      const t = T0 + m * MIN + 30_000;
      post(t, `fan${m}`, 'x', 'positive');
      if (m >= 60 && m < 240) post(t + 1000, 'angry', 'x', 'negative');
      if (m >= 300 && m < 360) for (let k = 0; k < 3; k++) post(t + 2000 + k, `crowd${m}-${k}`, k === 0 ? 'reddit' : 'x', 'negative');
    }
    post(T0 + 7 * 60 * MIN, 'angry', 'reddit', 'negative'); // the same name on another platform is another account
    await storeNewMentions(store.client, rows);

    const points = await loadBrandBuckets(store.client, 'b', T0, T0 + 8 * 60 * MIN, BUCKET);
    const memory = new TrailingAuthors<string>();
    const expected = points.map((p) => memory.push(p.t, byBucket.get(p.t) ?? []));
    expect(points.map((p) => p.negativeAuthorsTrailing)).toEqual(expected);

    const at = (h: number, m = 0) => points.find((p) => p.t === T0 + (h * 60 + m) * MIN)!.negativeAuthorsTrailing!;
    expect(TRAILING_SPANS_MS).toHaveLength(5);
    expect(at(3, 55)).toEqual([1, 1, 1, 1, 1]); // three hours of one account's posts
    expect(at(5, 55)).toEqual([36, 36, 37, 37, 37]); // the crowd's hour; the angry account three hours back
    expect(at(6, 55)).toEqual([0, 36, 36, 37, 37]); // a silent hour forgets nobody older
    expect(at(7, 0)).toEqual([1, 34, 37, 38, 38]); // the other platform's account, part of the crowd, both angry accounts
  });
});
