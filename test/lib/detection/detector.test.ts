import { describe, expect, it } from 'vitest';
import { createDetector, scoreSeries } from '../../../lib/detection/detector.js';
import type { BucketPoint, BucketScore, DetectorOptions } from '../../../lib/detection/types.js';
import { TrailingAuthors } from '../../../lib/detection/trailing-authors.js';
import { BUCKET, DAY, START, at, baseRate, poisson, rng, synth } from '../../../scripts/lib-synth.js';

const OPTS: DetectorOptions = { bucketMs: BUCKET, threshold: 0.8, sensitivity: 1, minNegative: 5 };
const alarms = (scores: BucketScore[]) => scores.filter((s) => s.anomalous);
const firstAlarm = (scores: BucketScore[], from: number) => scores.findIndex((s, i) => i >= from && s.anomalous);

describe('scoreSeries: no alarms on normal behaviour', () => {
  it('daily and weekly rhythm (three weeks, two brand sizes)', () => {
    for (const mean of [3, 40]) {
      const scores = scoreSeries(synth({ days: 21, mean, seed: mean, dayAmp: 0.9, weekend: 0.5 }), OPTS);
      expect(alarms(scores)).toEqual([]);
      for (const s of scores) expect(s.score).toBeGreaterThanOrEqual(0), expect(s.score).toBeLessThanOrEqual(1);
    }
  });

  it('the baseline follows the rhythm (night below day)', () => {
    const pts = synth({ days: 14, mean: 20, seed: 3, dayAmp: 0.9 });
    const scores = scoreSeries(pts, OPTS);
    const night = scores[at(10, 3)].baseline; // 03:00 on a weekday
    const day = scores[at(10, 15)].baseline; // 15:00, the peak
    expect(day / night).toBeGreaterThan(5);
    expect(Math.abs(day - baseRate({ days: 14, mean: 20, dayAmp: 0.9 }, at(10, 15))) / day).toBeLessThan(0.25);
  });

  it('slow growth (volume triples over four weeks)', () => {
    const scores = scoreSeries(synth({ days: 28, mean: 10, seed: 5, growth: 2 }), OPTS);
    expect(alarms(scores)).toEqual([]);
  });
});

describe('gaps and backlogs', () => {
  const gapFrom = at(8, 10);
  const gapTo = at(8, 13); // a source down 10:00-13:00
  it('a gap is neither a spike nor a recovery, and does not move the baseline', () => {
    const pts = synth({ days: 10, mean: 20, seed: 7, missing: (i) => i >= gapFrom && i < gapTo });
    const scores = scoreSeries(pts, OPTS);
    expect(alarms(scores)).toEqual([]);
    for (let i = gapFrom; i < gapTo; i++) expect(scores[i]).toMatchObject({ score: 0, anomalous: false, skipped: true });
    // The same series without the gap has (almost) the same baseline right after it.
    const clean = scoreSeries(synth({ days: 10, mean: 20, seed: 7 }), OPTS);
    expect(Math.abs(scores[gapTo + 2].baseline - clean[gapTo + 2].baseline) / clean[gapTo + 2].baseline).toBeLessThan(0.1);
  });

  it('missing rows (a jump in time) count as a gap too', () => {
    const pts = synth({ days: 10, mean: 20, seed: 7 }).filter((_, i) => i < gapFrom || i >= gapTo);
    const scores = scoreSeries(pts, OPTS);
    expect(alarms(scores)).toEqual([]);
  });

  it('a backlog delivered right after a gap does not alert', () => {
    const pts = synth({ days: 10, mean: 20, seed: 9, missing: (i) => i >= gapFrom && i < gapTo });
    // Three hours of mentions land in the first bucket back, then a smaller tail.
    const backlog = Math.round(baseRate({ days: 10, mean: 20 }, gapFrom) * (gapTo - gapFrom));
    pts[gapTo] = { ...pts[gapTo], negative: pts[gapTo].negative + backlog, negativeAuthors: pts[gapTo].negativeAuthors + backlog };
    pts[gapTo + 1] = { ...pts[gapTo + 1], negative: pts[gapTo + 1].negative + 40, negativeAuthors: pts[gapTo + 1].negativeAuthors + 40 };
    const scores = scoreSeries(pts, OPTS);
    expect(alarms(scores)).toEqual([]);
    // ...while the same burst without a gap before it is an incident.
    const noGap = synth({ days: 10, mean: 20, seed: 9 });
    noGap[gapTo] = { ...noGap[gapTo], negative: noGap[gapTo].negative + backlog, negativeAuthors: noGap[gapTo].negativeAuthors + backlog };
    expect(scoreSeries(noGap, OPTS)[gapTo].anomalous).toBe(true);
  });

  it('an outage reported as zeros is not learned as calm, and its backlog does not alert', () => {
    const pts = synth({ days: 10, mean: 30, seed: 11 });
    for (let i = gapFrom; i < gapTo; i++) pts[i] = { ...pts[i], negative: 0, negativeAuthors: 0, total: 0 };
    pts[gapTo] = { ...pts[gapTo], negative: 900, negativeAuthors: 880 };
    const scores = scoreSeries(pts, OPTS);
    expect(alarms(scores)).toEqual([]);
    expect(scores[gapFrom + 5].skipped).toBe(true);
  });
});

describe('true bursts', () => {
  const onset = at(9, 11);
  it.each([
    ['step x3', (i: number, b: number) => (i >= onset && i < onset + 24 ? 2 * b : 0), 3],
    ['ramp to x4 over an hour', (i: number, b: number) => (i >= onset && i < onset + 36 ? Math.min(3, ((i - onset + 1) / 12) * 3) * b : 0), 6],
    ['sustained +60%', (i: number, b: number) => (i >= onset && i < onset + 48 ? 0.6 * b : 0), 12],
  ])('%s alerts within a few buckets', (_name, extra, within) => {
    const scores = scoreSeries(synth({ days: 10, mean: 25, seed: 13, extra }), OPTS);
    expect(alarms(scores.slice(0, onset))).toEqual([]);
    const i = firstAlarm(scores, onset);
    expect(i).toBeGreaterThanOrEqual(onset);
    expect(i - onset).toBeLessThan(within);
    expect(scores[i].severity).not.toBe('none');
  });

  it('severity grows with the size of the wave', () => {
    const small = scoreSeries(synth({ days: 10, mean: 25, seed: 13, extra: (i, b) => (i >= onset && i < onset + 6 ? 1.5 * b : 0) }), OPTS);
    const big = scoreSeries(synth({ days: 10, mean: 25, seed: 13, extra: (i, b) => (i >= onset && i < onset + 6 ? 12 * b : 0) }), OPTS);
    const rank = { none: 0, low: 1, medium: 2, high: 3, critical: 4 };
    const max = (s: BucketScore[]) => Math.max(...s.slice(onset, onset + 6).map((x) => rank[x.severity]));
    expect(max(big)).toBeGreaterThan(max(small));
    expect(max(big)).toBeGreaterThanOrEqual(3);
  });

  it('a higher sensitivity alerts earlier on a slow wave', () => {
    const pts = synth({ days: 10, mean: 25, seed: 17, extra: (i, b) => (i >= onset && i < onset + 60 ? Math.min(1, (i - onset) / 30) * b : 0) });
    const normal = firstAlarm(scoreSeries(pts, OPTS), onset);
    const eager = firstAlarm(scoreSeries(pts, { ...OPTS, sensitivity: 1.5 }), onset);
    expect(eager).toBeGreaterThanOrEqual(onset);
    expect(eager).toBeLessThan(normal);
  });
});

describe('small brands and bots', () => {
  it('a brand with almost no mentions does not alert on two posts', () => {
    const pts = synth({ days: 8, mean: 0.03, seed: 19 });
    const i = at(7, 12);
    pts[i] = { ...pts[i], negative: 2, negativeAuthors: 2, total: 2 };
    pts[i + 1] = { ...pts[i + 1], negative: 2, negativeAuthors: 2, total: 2 };
    const scores = scoreSeries(pts, OPTS);
    expect(alarms(scores)).toEqual([]);
    // but a real wave on the same brand does alert
    for (let k = 0; k < 4; k++) pts[i + 2 + k] = { ...pts[i + 2 + k], negative: 8, negativeAuthors: 8, total: 9 };
    expect(firstAlarm(scoreSeries(pts, OPTS), i)).toBeGreaterThan(i);
  });

  it('one author posting forty times is not a wave', () => {
    const pts = synth({ days: 8, mean: 5, seed: 23 });
    const i = at(7, 12);
    pts[i] = { ...pts[i], negative: pts[i].negative + 40, negativeAuthors: pts[i].negativeAuthors + 1 };
    expect(alarms(scoreSeries(pts, OPTS))).toEqual([]);
  });

  // A small brand (about one negative post per five minutes at its peak); for three hours one
  // account adds three posts every five minutes: one post per bucket more than a crowd of the
  // same size would need to be seen, but always the same author.
  const withAuthors = (extra: (i: number) => string[]) => {
    const pts = synth({ days: 9, mean: 0.6, seed: 41, dayAmp: 0.5 });
    const trailing = new TrailingAuthors<string>();
    return pts.map((p, i) => {
      const everyday = Array.from({ length: p.negative }, (_, k) => `user${i}-${k}`);
      const added = extra(i);
      const authors = [...everyday, ...added];
      return { ...p, negative: authors.length, total: p.total + added.length, negativeAuthors: new Set(authors).size, negativeAuthorsTrailing: trailing.push(p.t, authors) };
    });
  };
  const from = at(8, 12);
  const during = (i: number) => i >= from && i < from + 36;
  const angry = withAuthors((i) => (during(i) ? ['angry', 'angry', 'angry'] : []));
  const crowd = withAuthors((i) => (during(i) ? [`a${i}`, `b${i}`, `c${i}`] : []));

  it('one account posting all afternoon is not a wave, though a crowd posting as much is', () => {
    expect(firstAlarm(scoreSeries(crowd, OPTS), from)).toBeGreaterThan(from);
    expect(firstAlarm(scoreSeries(crowd, OPTS), from)).toBeLessThan(from + 36);
    expect(alarms(scoreSeries(angry, OPTS))).toEqual([]);
  });

  it('the trailing author counts are what tells them apart (per bucket the account looks like one more person)', () => {
    const blind = angry.map(({ negativeAuthorsTrailing: _, ...p }) => ({ ...p, negativeAuthors: Math.min(p.negative, p.negativeAuthors + 2) }));
    expect(firstAlarm(scoreSeries(blind, OPTS), from)).toBeGreaterThan(from);
  });
});

describe('causality', () => {
  const pts = synth({
    days: 9,
    mean: 12,
    seed: 29,
    extra: (i, b) => (i >= at(8, 9) && i < at(8, 11) ? 3 * b : 0),
    missing: (i) => i >= at(5, 2) && i < at(5, 4),
  });
  const full = scoreSeries(pts, OPTS);

  it('scores of a prefix are the first rows of the scores of the whole series', () => {
    for (const k of [1, 2, 50, at(5, 3), at(8, 9) + 3, pts.length - 1]) {
      expect(scoreSeries(pts.slice(0, k), OPTS)).toEqual(full.slice(0, k));
    }
  });

  it('changing the future never changes the past', () => {
    const cut = at(7, 0);
    const changed: BucketPoint[] = pts.map((p, i) => (i >= cut ? { ...p, negative: p.negative * 5 + 7 } : p));
    expect(scoreSeries(changed, OPTS).slice(0, cut)).toEqual(full.slice(0, cut));
  });

  it('pushing points one by one, or resuming from a saved state, gives the same scores', () => {
    const d = createDetector(OPTS);
    const half = Math.floor(pts.length / 2);
    const first = pts.slice(0, half).map((p) => d.push(p));
    const resumed = createDetector(OPTS, JSON.parse(JSON.stringify(d.state())));
    const second = pts.slice(half).map((p) => resumed.push(p));
    expect([...first, ...second]).toEqual(full);
  });

  it('a state saved by another version of the detector is not resumed', () => {
    const d = createDetector(OPTS);
    pts.slice(0, 100).forEach((p) => d.push(p));
    const old = { ...d.state(), version: 1 };
    const fresh = createDetector(OPTS, old);
    expect(fresh.state()).toEqual(createDetector(OPTS).state());
  });
});

// A small brand as the crisis streams have it: 40 posts an hour at the daily peak, 22% of them
// read as negative (true complaints plus the classifier's errors), negative and other posts
// independent. Events change the expected counts of either side.
function brandStream(o: { seed: number; negExtra?: (i: number, base: number) => number; otherFactor?: (i: number) => number; negFactor?: (i: number) => number }): BucketPoint[] {
  const u = rng(o.seed);
  return Array.from({ length: (10 * DAY) / BUCKET }, (_, i) => {
    const base = baseRate({ days: 10, mean: 0.8, dayAmp: 0.6, weekend: 0.8 }, i);
    const neg = poisson(u, base * (o.negFactor?.(i) ?? 1) + (o.negExtra?.(i, base) ?? 0));
    const other = poisson(u, base * 2.8 * (o.otherFactor?.(i) ?? 1));
    return { t: START + i * BUCKET, total: neg + other, negative: neg, negativeAuthors: neg, negativeReach: neg * 50, negativePlatforms: Math.min(neg, 3), lowRatings: 0 };
  });
}

describe('waves and decoys with known answers (a small brand)', () => {
  const onset = at(8, 10);
  const first = (s: BucketScore[]) => s.findIndex((x, i) => i >= onset - 36 && x.anomalous);

  it('a sudden wave of about 40 extra negative posts in an hour alerts within half an hour, saying which window crossed', () => {
    const s = scoreSeries(brandStream({ seed: 31, negExtra: (i) => (i >= onset && i < onset + 12 ? 40 / 12 : 0) }), OPTS);
    expect(alarms(s.slice(0, onset))).toEqual([]);
    const i = first(s);
    expect(i).toBeGreaterThanOrEqual(onset);
    expect(i - onset).toBeLessThan(6);
    expect(s[i].window!.negative).toBeGreaterThan(s[i].window!.expected * 2);
    expect(s[i].window!.share).toBeGreaterThan(s[i].window!.baselineShare);
  });

  it('a slow build that no single bucket shows (one extra post per 5 minutes for four hours) adds up and alerts', () => {
    const s = scoreSeries(brandStream({ seed: 37, negExtra: (i) => (i >= onset && i < onset + 48 ? 1 : 0) }), OPTS);
    const i = first(s);
    expect(i).toBeGreaterThanOrEqual(onset);
    expect(i - onset).toBeLessThan(48);
    expect(s[i].window!.ms).toBeGreaterThanOrEqual(30 * 60_000); // found by a long window
  });

  // A decoy may still meet the detector's ordinary false-alarm rate (0.3 a week here, about 4%
  // of 8-hour days): over 20 streams it must alert no more often than that, and no more than on
  // the same days without it.
  const alertedDays = (factors: { negFactor?: (i: number) => number; otherFactor?: (i: number) => number }) =>
    Array.from({ length: 20 }, (_, k) => scoreSeries(brandStream({ seed: 100 + k, ...factors }), OPTS).slice(onset, onset + 96).some((x) => x.anomalous)).filter(Boolean).length;
  const ordinary = alertedDays({});

  it('a neutral news day at three times the volume (the classifier reading the usual share of it as negative) alerts no more than an ordinary day', () => {
    const day = (i: number) => (i >= onset && i < onset + 96 ? 3 : 1);
    const news = alertedDays({ negFactor: day, otherFactor: day });
    expect(news).toBeLessThanOrEqual(Math.max(1, ordinary));
  });

  it('a positive launch at four times the volume (fewer of its posts read as negative) alerts no more than an ordinary day', () => {
    const launch = alertedDays({ negFactor: (i) => (i >= onset && i < onset + 72 ? 2 : 1), otherFactor: (i) => (i >= onset && i < onset + 72 ? 4.5 : 1) });
    expect(launch).toBeLessThanOrEqual(Math.max(1, ordinary));
  });

  it('the same launch does alert when its negative posts rise faster than the rest (the relative test is not blind)', () => {
    const s = scoreSeries(brandStream({ seed: 43, negFactor: (i) => (i >= onset && i < onset + 72 ? 9 : 1), otherFactor: (i) => (i >= onset && i < onset + 72 ? 4.5 : 1) }), OPTS);
    expect(first(s)).toBeGreaterThanOrEqual(onset);
  });

  it('a source outage followed by its whole backlog at once does not alert', () => {
    const pts = brandStream({ seed: 47 });
    const gapEnd = onset + 24;
    let negBacklog = 0;
    let otherBacklog = 0;
    for (let i = onset; i < gapEnd; i++) {
      negBacklog += pts[i].negative;
      otherBacklog += pts[i].total - pts[i].negative;
      pts[i] = { ...pts[i], total: 0, negative: 0, negativeAuthors: 0, negativeReach: 0, negativePlatforms: 0, missing: true };
    }
    const p = pts[gapEnd];
    pts[gapEnd] = { ...p, negative: p.negative + negBacklog, negativeAuthors: p.negativeAuthors + negBacklog, total: p.total + negBacklog + otherBacklog };
    expect(alarms(scoreSeries(pts, OPTS))).toEqual([]);
  });
});

describe('excluded buckets (a false positive\'s window)', () => {
  it('are scored as skipped and nothing is learned from them, nor owed as backlog', () => {
    const pts = synth({ days: 3, mean: 10, seed: 11 });
    const d = createDetector(OPTS);
    for (const p of pts.slice(0, -3)) d.push(p);
    const before = d.state();
    const scores = pts.slice(-3).map((p) => d.push({ ...p, negative: p.negative + 40, excluded: true }));
    expect(scores.every((s) => s.skipped && !s.anomalous)).toBe(true);
    const after = d.state();
    expect(after.neg).toEqual(before.neg);
    expect(after.total).toEqual(before.total);
    expect(after.psi).toEqual(before.psi);
    expect(after.n).toBe(before.n);
    expect(after.credit).toBe(before.credit);
  });
});
