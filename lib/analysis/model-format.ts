// The committed model artifact: a multinomial logistic regression over hashed features, stored
// sparse (only buckets with a non-zero weight), weights quantised to int16, indices as
// delta varints, both base64. Decoded once into a dense Float32Array for fast lookups.
import type { FeatureConfig } from './features.js';

export const CLASSES = ['negative', 'neutral', 'positive'] as const;

export interface ModelFile {
  format: 'brand-pulse-sentiment/1';
  lang: string;
  /** How it was trained (data files, hyper-parameters, dev figures), for humans. */
  meta: Record<string, unknown>;
  features: FeatureConfig;
  /** Added to the logits before the arg-max: class-prior adjustment tuned for macro-F1. */
  classBias: [number, number, number];
  /** Weight = int16 × scale. */
  scale: number;
  /** Number of stored buckets. */
  count: number;
  /** base64 of delta-encoded LEB128 varints of the sorted bucket indices. */
  indices: string;
  /** base64 of little-endian int16, `count × 3`, bucket-major (neg, neu, pos). */
  weights: string;
}

export interface LoadedModel {
  lang: string;
  features: FeatureConfig;
  classBias: [number, number, number];
  /** Dense weights, `(1 << bits) × 3`. */
  w: Float32Array;
}

export function encodeModel(
  lang: string,
  features: FeatureConfig,
  dense: Float64Array | Float32Array,
  classBias: [number, number, number],
  meta: Record<string, unknown>,
  pruneBelow = 0,
): ModelFile {
  const dim = 1 << features.bits;
  let maxAbs = 0;
  for (let i = 0; i < dense.length; i++) maxAbs = Math.max(maxAbs, Math.abs(dense[i]));
  const scale = maxAbs > 0 ? maxAbs / 32767 : 1;
  const keep: number[] = [];
  for (let b = 0; b < dim; b++) {
    const a = Math.abs(dense[b * 3]);
    const c = Math.abs(dense[b * 3 + 1]);
    const d = Math.abs(dense[b * 3 + 2]);
    const m = Math.max(a, c, d);
    if (m > pruneBelow && m / scale >= 0.5) keep.push(b);
  }
  const varints: number[] = [];
  let last = 0;
  for (const b of keep) {
    let delta = b - last;
    last = b;
    while (delta >= 0x80) {
      varints.push((delta & 0x7f) | 0x80);
      delta >>>= 7;
    }
    varints.push(delta);
  }
  const q = new Int16Array(keep.length * 3);
  keep.forEach((b, i) => {
    for (let k = 0; k < 3; k++) q[i * 3 + k] = Math.max(-32767, Math.min(32767, Math.round(dense[b * 3 + k] / scale)));
  });
  return {
    format: 'brand-pulse-sentiment/1',
    lang,
    meta,
    features,
    classBias: classBias.map((x) => Math.round(x * 1e4) / 1e4) as [number, number, number],
    scale,
    count: keep.length,
    indices: Buffer.from(Uint8Array.from(varints)).toString('base64'),
    weights: Buffer.from(q.buffer, q.byteOffset, q.byteLength).toString('base64'),
  };
}

export function decodeModel(file: ModelFile): LoadedModel {
  if (file.format !== 'brand-pulse-sentiment/1') throw new Error(`unknown sentiment model format ${String(file.format)}`);
  const dim = 1 << file.features.bits;
  const w = new Float32Array(dim * 3);
  const bytes = Buffer.from(file.indices, 'base64');
  const qb = Buffer.from(file.weights, 'base64');
  const q = new Int16Array(qb.buffer.slice(qb.byteOffset, qb.byteOffset + qb.byteLength));
  let pos = 0;
  let b = 0;
  for (let i = 0; i < file.count; i++) {
    let delta = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = bytes[pos++];
      delta |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80);
    b += delta;
    for (let k = 0; k < 3; k++) w[b * 3 + k] = q[i * 3 + k] * file.scale;
  }
  return { lang: file.lang, features: file.features, classBias: file.classBias, w };
}
