import { describe, expect, it } from 'vitest';
import { fitTemperature, nll, reliability, softmax, type Logits } from '../../../../lib/analysis/encoder/calibration.js';

// Deterministic pseudo-random numbers (mulberry32), so the test data is the same every run.
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('calibration', () => {
  it('recovers the temperature of over-confident logits', () => {
    const r = rng(7);
    const logits: Logits[] = [];
    const labels: number[] = [];
    for (let i = 0; i < 4000; i++) {
      const z: Logits = [r() * 4 - 2, r() * 4 - 2, r() * 4 - 2];
      // Labels drawn from softmax(z), then the logits shown to the fit are 3 times too sharp.
      const p = softmax(z);
      const u = r();
      labels.push(u < p[0] ? 0 : u < p[0] + p[1] ? 1 : 2);
      logits.push([z[0] * 3, z[1] * 3, z[2] * 3]);
    }
    const T = fitTemperature(logits, labels);
    expect(T).toBeGreaterThan(2.6);
    expect(T).toBeLessThan(3.4);
    expect(nll(logits, labels, T)).toBeLessThan(nll(logits, labels, 1));
  });

  it('reliability bins say how often the class occurs at each predicted probability', () => {
    const { bins, ece } = reliability([0.05, 0.15, 0.95, 0.9, 1], [false, false, true, false, true], 10);
    expect(bins.map((b) => [b.from, b.count])).toEqual([
      [0, 1],
      [0.1, 1],
      [0.9, 3],
    ]);
    expect(bins[2].observed).toBeCloseTo(2 / 3, 6);
    expect(ece).toBeGreaterThan(0);
  });
});
