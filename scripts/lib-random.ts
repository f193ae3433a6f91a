// Seeded pseudo-random numbers (mulberry32) for synthetic data: the detector benchmark and the
// detector tests draw the same kind of series, and the same seed must give the same series.

/** A generator of uniform numbers in [0, 1) fixed by `seed`. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
