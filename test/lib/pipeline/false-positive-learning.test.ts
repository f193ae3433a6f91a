// An incident marked "not an incident" is fed back to detection: on the brand's next tick the
// detector learns its baseline window again without the false positive's buckets (it had learned
// them, slowly, as a possible wave), and resumes as usual on the ticks after. Embedded ClickHouse.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../lib/config/load.js';
import { detectionFor } from '../../../lib/config/schema.js';
import { createDetector, detectorOptionsFromConfig } from '../../../lib/detection/detector.js';
import type { BucketPoint } from '../../../lib/detection/types.js';
import { detectBrand, detectorCursorId } from '../../../lib/pipeline/detect-brand.js';
import { chTime } from '../../../lib/store/clickhouse.js';
import { loadCursor, saveCursor } from '../../../lib/store/cursors-repo.js';
import { upsertIncident } from '../../../lib/store/incidents-repo.js';
import { storeNewMentions } from '../../../lib/store/mentions-repo.js';
import { loadBrandBuckets } from '../../../lib/store/series-repo.js';
import type { DetectorCursor } from '../../../lib/pipeline/detect-brand.js';
import { createTestStore } from '../../helpers/store.js';
import { mentionRow } from '../store/rows.js';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-11-02T00:00:00Z');
const brand = 'fp';
const config = parseConfig(
  `brands:
  - { id: ${brand}, name: FP Air, queries: [fp] }
sources:
  - { id: unused, type: hackernews }
detection: { bucket: 1h, baseline_window: 3d, clock: stream }
`,
  'fp.yaml',
);
const settings = detectionFor(config, brand);
const WAVE = [50, 51, 52]; // hours of a campaign's chatter the classifier read as negative

let serial = 0;
/** Hour `h`: six everyday posts (two negative), thirty negative ones more in a wave hour. */
function hourRows(h: number) {
  const negatives = 2 + (WAVE.includes(h) ? 30 : 0);
  return Array.from({ length: 4 + negatives }, (_, i) =>
    mentionRow(++serial, {
      brand,
      platform: 'forum',
      sentiment: i < negatives ? 'negative' : 'positive',
      rating: 0,
      author_id: `a${serial}`,
      created_at: chTime(T0 + h * HOUR + (i + 1) * 60_000),
    }),
  );
}

describe('a false positive is not learned by the detector', () => {
  it('the next tick relearns the baseline window without the incident window; later ticks resume', async () => {
    const store = await createTestStore();
    await store.reset();
    await storeNewMentions(store.client, Array.from({ length: 60 }, (_, h) => hourRows(h)).flat());
    // Tick 1 (cold start over the baseline window) learns the wave, slowly, as a possible wave.
    const first = (await detectBrand(store.client, config, brand, 0))!;
    expect(first.observations.length).toBeGreaterThan(0);
    await saveCursor(store.client, detectorCursorId(brand), first.cursor);

    // People mark the wave's incident not an incident.
    await upsertIncident(store.client, {
      incidentId: 'fp-20261104T030000Z', brand, status: 'resolved', severity: 'high', openedAt: T0 + 51 * HOUR, resolvedAt: T0 + 53 * HOUR,
      peakAt: T0 + 51 * HOUR, peakNegative: 32, baseline: 2, score: 0.99, summary: {}, workflowId: 'incident:fp', updatedAt: Date.now(), resolution: 'false_positive', resolvedBy: 'Dana',
    });
    await storeNewMentions(store.client, [60, 61].flatMap((h) => hourRows(h)));
    const second = (await detectBrand(store.client, config, brand, 0))!;
    expect(second.cursor.falsePositives).toEqual(['fp-20261104T030000Z']);
    // Only the buckets after the saved cursor are reported, as on any tick (the newest hour of each tick is still filling).
    expect(first.cursor.lastT).toBe(T0 + 58 * HOUR);
    expect(second.observations.map((o) => o.t)).toEqual([T0 + 59 * HOUR, T0 + 60 * HOUR]);

    // Its state is the baseline window learned with the wave's buckets excluded...
    const end = T0 + 61 * HOUR; // the newest minute is still filling: hour 61 is not complete
    const warmFrom = end - settings.baseline_window;
    const points = await loadBrandBuckets(store.client, brand, warmFrom, end, settings.bucket);
    const learn = (ps: BucketPoint[]) => {
      const d = createDetector(detectorOptionsFromConfig(settings));
      for (const p of ps) d.push(p);
      return d.state();
    };
    const excluded = points.map((p) => ({ ...p, excluded: WAVE.map((h) => T0 + h * HOUR).includes(p.t) }));
    expect(excluded.filter((p) => p.excluded)).toHaveLength(3);
    expect(second.cursor.detector).toEqual(learn(excluded));
    // ...which is not what learning them gives: the exclusion changed what was learned.
    expect(second.cursor.detector).not.toEqual(learn(points));
    await saveCursor(store.client, detectorCursorId(brand), second.cursor);

    // The next tick resumes from the saved state: nothing new to exclude, no relearning.
    await storeNewMentions(store.client, hourRows(62));
    const third = (await detectBrand(store.client, config, brand, 0))!;
    const resumed = createDetector(detectorOptionsFromConfig(settings), (await loadCursor<DetectorCursor>(store.client, detectorCursorId(brand)))!.detector);
    for (const p of await loadBrandBuckets(store.client, brand, T0 + 61 * HOUR, T0 + 62 * HOUR, settings.bucket)) resumed.push(p);
    expect(third.cursor.detector).toEqual(resumed.state());
  });
});
