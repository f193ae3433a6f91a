import { describe, expect, it } from 'vitest';
import { createDayZScore } from '../../../lib/detection/day-zscore.js';

const FIVE_MIN = 300_000;
const T0 = Date.UTC(2025, 0, 6);

/** NAB's reference: each value against the previous `w` values (population standard deviation). */
function naiveZ(values: number[], w: number): number[] {
  return values.map((v, i) => {
    if (i < w) return NaN;
    const ref = values.slice(i - w, i);
    const mean = ref.reduce((a, b) => a + b, 0) / w;
    const sd = Math.max(Math.sqrt(ref.reduce((a, b) => a + (b - mean) ** 2, 0) / w), 1e-9);
    return (v - mean) / sd;
  });
}

describe('createDayZScore', () => {
  it('on 5-minute rows is the rolling z-score over the previous 288 values, causal, NaN for the first day', () => {
    const values = Array.from({ length: 2000 }, (_, i) => 40 + 15 * Math.sin((2 * Math.PI * i) / 288) + ((i * 7919) % 17) - 8 + (i === 1500 ? 90 : 0));
    const dz = createDayZScore();
    const got = values.map((v, i) => dz.push(T0 + i * FIVE_MIN, v));
    const want = naiveZ(values, 288);
    for (let i = 0; i < 288; i++) expect(got[i]).toBeNaN();
    for (let i = 288; i < values.length; i++) expect(got[i]).toBeCloseTo(want[i], 9);
    expect(got[1500]).toBeGreaterThan(5);
  });

  it('keeps the variance exact for large steady values, and over many rows', () => {
    const values = Array.from({ length: 20_000 }, (_, i) => 1e9 + ((i * 7919) % 11));
    const dz = createDayZScore();
    const got = values.map((v, i) => dz.push(T0 + i * FIVE_MIN, v));
    const want = naiveZ(values, 288);
    for (const i of [300, 5000, 12_345, 19_999]) expect(got[i]).toBeCloseTo(want[i], 6);
  });

  it('a day is by the timestamps: hourly rows are measured against the previous 24', () => {
    const values = Array.from({ length: 200 }, (_, i) => 10 + ((i * 31) % 7));
    const dz = createDayZScore();
    const got = values.map((v, i) => dz.push(T0 + i * 3_600_000, v));
    expect(got[23]).toBeNaN();
    const want = naiveZ(values, 24);
    for (let i = 24; i < values.length; i++) expect(got[i]).toBeCloseTo(want[i], 9);
  });

  it('skips missing values and rows out of order (NaN, not learned)', () => {
    const dz = createDayZScore();
    const clean = createDayZScore();
    for (let i = 0; i < 400; i++) {
      const t = T0 + i * FIVE_MIN;
      const v = 5 + (i % 4);
      if (i === 350) {
        expect(dz.push(t, NaN)).toBeNaN();
        expect(dz.push(t - FIVE_MIN, 1000)).toBeNaN(); // before the last row
      }
      const z = dz.push(t, v);
      const zc = clean.push(t, v);
      if (i >= 288) expect(z).toBeCloseTo(zc, 12);
    }
  });
});
