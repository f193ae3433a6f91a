import { describe, expect, it } from 'vitest';
import { attribute, quantile, summarise } from '../../scripts/crisis/evaluate.js';
import type { EventTruth } from '../../scripts/crisis/generate.js';
import { alarmsPerWeek, calibrateLevel, poissonScan, scanIncidents } from '../../scripts/crisis/oracle.js';
import { Rng } from '../../scripts/crisis/random.js';
import { HOUR } from '../../scripts/crisis/scenario.js';

const BUCKET = 5 * 60_000;
const RULES = { bucketMs: BUCKET, resolveAfterMs: 30 * 60_000, cooldownMs: HOUR };
const START = Date.UTC(2025, 0, 6);

describe('poissonScan', () => {
  it('scores a window by C ln(C/B) - (C - B) and takes the best window ending at each bucket', () => {
    const s = poissonScan([0, 0, 4, 4], [1, 1, 1, 1], 2);
    expect(s[0]).toBe(0); // fewer than expected
    expect(s[2]).toBeCloseTo(4 * Math.log(4) - 3, 10); // the one-bucket window beats [0, 4]
    expect(s[3]).toBeCloseTo(8 * Math.log(4) - 6, 10); // the two-bucket window [4, 4]
  });

  it('is causal: a prefix scores like the start of the whole', () => {
    const rng = new Rng(3);
    const counts = Array.from({ length: 300 }, () => rng.poisson(2));
    const expected = counts.map(() => 2);
    const whole = poissonScan(counts, expected, 72);
    expect([...poissonScan(counts.slice(0, 150), expected.slice(0, 150), 72)]).toEqual([...whole.slice(0, 150)]);
  });

  it('stays low on Poisson noise at the expected rate and rises on a doubling over an hour', () => {
    const rng = new Rng(5);
    const n = 2016;
    const expected = Array.from({ length: n }, () => 1.5);
    const counts = expected.map((e, i) => rng.poisson(i >= 1500 && i < 1512 ? 2 * e : e));
    const s = poissonScan(counts, expected, 72);
    expect(Math.max(...s.slice(0, 1500))).toBeLessThan(12);
    expect(Math.max(...s.slice(1500, 1512))).toBeGreaterThan(6);
  });
});

describe('oracle level', () => {
  it('is the lowest level within the false-alarm budget on wave-free series', () => {
    const rng = new Rng(11);
    const series = [0, 1, 2].map(() => {
      const counts = Array.from({ length: 2016 }, () => rng.poisson(0.8));
      return { start: START, from: START, scores: poissonScan(counts, counts.map(() => 0.8), 72), weeks: 1 };
    });
    const level = calibrateLevel(series, 1, RULES);
    expect(alarmsPerWeek(series, level, RULES)).toBeLessThanOrEqual(1);
    expect(alarmsPerWeek(series, level * 0.97, RULES)).toBeGreaterThan(1);
  });

  it('opens one incident per excursion through the incident rules, with a cooldown', () => {
    const scores = new Float64Array(100);
    scores.fill(20, 10, 14); // one excursion
    scores.fill(20, 16, 18); // back within the resolve time: same incident
    scores.fill(20, 60, 62); // a second one, well after
    const opened = scanIncidents(START, scores, 10, RULES);
    expect(opened).toEqual([START + 11 * BUCKET, START + 61 * BUCKET]);
  });
});

describe('attribute', () => {
  const ev = (index: number, kind: EventTruth['kind'], onsetH: number, hours: number, extra: Partial<EventTruth> = {}): EventTruth => ({
    index,
    kind,
    wave: kind === 'sudden' || kind === 'slow' || kind === 'spread',
    onset: START + onsetH * HOUR,
    end: START + (onsetH + hours) * HOUR,
    extra: 40,
    mix: { negative: 1, neutral: 0, positive: 0 },
    platforms: [0],
    mainLangShare: 0,
    doublingAt: START + (onsetH + 0.5) * HOUR,
    ...extra,
  });
  const events = [ev(0, 'sudden', 30, 2), ev(1, 'news', 60, 10), ev(2, 'outage', 90, 2, { backlogAt: START + 92 * HOUR }), ev(3, 'slow', 120, 6)];
  const labels = { id: 's', size: 'small' as const, start: START, days: 7, warmupDays: 1, events };

  it('sorts incidents into caught waves, decoy alerts and false alarms, ignoring the warm-up', () => {
    const at = (h: number) => START + h * HOUR;
    const out = attribute(labels, [at(5), at(31), at(32.5), at(65), at(93.5), at(100), at(140)], RULES);
    expect(out.waves.map((w) => w.caughtAt)).toEqual([at(31), null]);
    expect(out.decoys.map((d) => [d.kind, d.alerts])).toEqual([
      ['news', 1],
      ['outage', 1],
    ]);
    // 32.5 h: the sudden wave's own tail; 5 h: warm-up; 100 h and 140 h: nothing going on.
    expect(out.falseAlarms).toEqual([at(100), at(140)]);
    const sum = summarise([out]);
    expect(sum.recall).toBe(0.5);
    expect(sum.delayFromOnset.median).toBe(60);
    expect(sum.delayFromDoubling.median).toBe(30);
    expect(sum.falseAlarmsPerWeek).toBeCloseTo(2 / (6 / 7), 10);
    expect(sum.decoys.news).toEqual({ decoys: 1, alerted: 1 });
    expect(sum.decoys.angry).toEqual({ decoys: 0, alerted: 0 });
  });

  it('does not count an incident opened after a wave ended as catching it', () => {
    const out = attribute(labels, [START + 32 * HOUR + 2 * BUCKET], RULES);
    expect(out.waves[0].caughtAt).toBeNull();
    expect(out.falseAlarms).toEqual([]); // still the wave's tail, not a false alarm
  });

  it('quantile is the nearest rank', () => {
    expect(quantile([5, 1, 3], 0.5)).toBe(3);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
    expect(quantile([], 0.5)).toBeNaN();
  });
});
