// Training and evaluation helpers for the sentiment models (used by train-sentiment.ts and
// bench-analysis.ts): JSONL loading, metrics, a deterministic full-batch L-BFGS multinomial
// logistic regression over the hashed features, class-bias tuning for macro-F1.
import { readFileSync } from 'node:fs';
import { extractFeatures, type FeatureConfig, type SparseVec } from '../lib/analysis/features.js';
import { cleanText, normalizeForModel } from '../lib/analysis/normalize.js';
import { CLASSES } from '../lib/analysis/model-format.js';

export type Label = 0 | 1 | 2;
export interface Row {
  id: string;
  text: string;
  label: Label;
}

export function readLabelled(path: string): Row[] {
  const rows: Row[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const o = JSON.parse(line) as { id: string; text: string; label: string };
    const label = CLASSES.indexOf(o.label as (typeof CLASSES)[number]);
    if (label < 0) throw new Error(`${path}: bad label ${o.label} on ${o.id}`);
    rows.push({ id: o.id, text: o.text, label: label as Label });
  }
  return rows;
}

// ---------------------------------------------------------------- metrics

export interface Scores {
  accuracy: number;
  macroF1: number;
  f1: [number, number, number];
  confusion: number[][];
}

export function score(gold: ArrayLike<number>, pred: ArrayLike<number>): Scores {
  const cm = [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
  ];
  for (let i = 0; i < gold.length; i++) cm[gold[i]][pred[i]]++;
  let correct = 0;
  const f1: [number, number, number] = [0, 0, 0];
  for (let k = 0; k < 3; k++) {
    correct += cm[k][k];
    const tp = cm[k][k];
    const predK = cm[0][k] + cm[1][k] + cm[2][k];
    const goldK = cm[k][0] + cm[k][1] + cm[k][2];
    f1[k] = tp === 0 ? 0 : (2 * tp) / (predK + goldK);
  }
  return { accuracy: correct / Math.max(1, gold.length), macroF1: (f1[0] + f1[1] + f1[2]) / 3, f1, confusion: cm };
}

/** Grid search of additive logit offsets (negative, neutral; positive fixed at 0) maximising macro-F1. */
export function tuneClassBias(
  logits: Float64Array,
  gold: ArrayLike<number>,
  range = 2,
  step = 0.05,
): { bias: [number, number, number]; macroF1: number } {
  const n = gold.length;
  const pred = new Uint8Array(n);
  let best = { bias: [0, 0, 0] as [number, number, number], macroF1: -1 };
  const steps = Math.round(range / step);
  for (let a = -steps; a <= steps; a++) {
    for (let b = -steps; b <= steps; b++) {
      const b0 = Math.round(a * step * 1e4) / 1e4;
      const b1 = Math.round(b * step * 1e4) / 1e4;
      for (let i = 0; i < n; i++) {
        const z0 = logits[i * 3] + b0;
        const z1 = logits[i * 3 + 1] + b1;
        const z2 = logits[i * 3 + 2];
        pred[i] = z0 >= z1 ? (z0 >= z2 ? 0 : 2) : z1 >= z2 ? 1 : 2;
      }
      const f = score(gold, pred).macroF1;
      // Prefer the smallest offsets among ties (stable, less overfit).
      if (f > best.macroF1 + 1e-9 || (Math.abs(f - best.macroF1) <= 1e-9 && Math.abs(b0) + Math.abs(b1) < Math.abs(best.bias[0]) + Math.abs(best.bias[1]))) {
        best = { bias: [b0, b1, 0], macroF1: f };
      }
    }
  }
  return best;
}

export function argmaxWithBias(logits: Float64Array, bias: readonly number[]): Uint8Array {
  const n = logits.length / 3;
  const pred = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const z0 = logits[i * 3] + bias[0];
    const z1 = logits[i * 3 + 1] + bias[1];
    const z2 = logits[i * 3 + 2] + bias[2];
    pred[i] = z0 >= z1 ? (z0 >= z2 ? 0 : 2) : z1 >= z2 ? 1 : 2;
  }
  return pred;
}

// ---------------------------------------------------------------- features → matrix

/** Hashed rows, CSR with duplicate indices allowed (they are summed). */
export interface HashedRows {
  ptr: Int32Array;
  idx: Int32Array;
  val: Float32Array;
  labels: Uint8Array;
}

export function hashRows(rows: Row[], cfg: FeatureConfig): HashedRows {
  const buf: SparseVec = { idx: new Int32Array(1 << 16), val: new Float32Array(1 << 16), n: 0 };
  const ptr = new Int32Array(rows.length + 1);
  const idxParts: Int32Array[] = [];
  const valParts: Float32Array[] = [];
  let total = 0;
  rows.forEach((r, i) => {
    extractFeatures(normalizeForModel(cleanText(r.text)), cfg, buf);
    idxParts.push(buf.idx.slice(0, buf.n));
    valParts.push(buf.val.slice(0, buf.n));
    total += buf.n;
    ptr[i + 1] = total;
  });
  const idx = new Int32Array(total);
  const val = new Float32Array(total);
  let o = 0;
  for (let i = 0; i < idxParts.length; i++) {
    idx.set(idxParts[i], o);
    val.set(valParts[i], o);
    o += idxParts[i].length;
  }
  return { ptr, idx, val, labels: Uint8Array.from(rows.map((r) => r.label)) };
}

export function subsetRows(h: HashedRows, which: number[]): HashedRows {
  let total = 0;
  for (const i of which) total += h.ptr[i + 1] - h.ptr[i];
  const ptr = new Int32Array(which.length + 1);
  const idx = new Int32Array(total);
  const val = new Float32Array(total);
  let o = 0;
  which.forEach((i, r) => {
    const a = h.ptr[i];
    const b = h.ptr[i + 1];
    idx.set(h.idx.subarray(a, b), o);
    val.set(h.val.subarray(a, b), o);
    o += b - a;
    ptr[r + 1] = o;
  });
  return { ptr, idx, val, labels: Uint8Array.from(which.map((i) => h.labels[i])) };
}

// ---------------------------------------------------------------- logistic regression

export interface TrainOptions {
  /** L2 strength (on the mean weighted loss). */
  l2: number;
  /** Class weights ∝ (1 / frequency)^power: 0 = none, 1 = balanced. */
  classWeightPower: number;
  /** Drop buckets seen in fewer training rows. */
  minDf: number;
  /**
   * NB-LR (Wang & Manning's NBSVM idea): each weight is learned as v × (1 + nbWeight·|r|), r the
   * naive-Bayes log-ratio of the feature's presence in the class vs the other classes, so the L2
   * penalty is lighter on features naive Bayes finds discriminative. 0 = plain logistic regression.
   */
  nbWeight?: number;
  maxIter: number;
  log?: (msg: string) => void;
}

export interface Trained {
  /** Dense weights over the whole hashed space, bucket-major × 3. */
  w: Float64Array;
  iterations: number;
  loss: number;
}

export function trainLogReg(data: HashedRows, bits: number, opt: TrainOptions): Trained {
  const dim = 1 << bits;
  const n = data.labels.length;
  // Compact the columns that occur in at least minDf rows.
  const df = new Int32Array(dim);
  const lastRow = new Int32Array(dim).fill(-1);
  for (let i = 0; i < n; i++) {
    for (let p = data.ptr[i]; p < data.ptr[i + 1]; p++) {
      const b = data.idx[p];
      if (lastRow[b] !== i) {
        lastRow[b] = i;
        df[b]++;
      }
    }
  }
  const col = new Int32Array(dim).fill(-1);
  const buckets: number[] = [];
  for (let b = 0; b < dim; b++) if (df[b] >= opt.minDf) {
    col[b] = buckets.length;
    buckets.push(b);
  }
  const m = buckets.length;
  // Per row: compacted columns, sorted (memory locality), duplicates summed, rare ones dropped.
  const ptr = new Int32Array(n + 1);
  const cidx = new Int32Array(data.idx.length);
  const val = new Float32Array(data.idx.length);
  let nnz = 0;
  const order: number[] = [];
  for (let i = 0; i < n; i++) {
    order.length = 0;
    for (let p = data.ptr[i]; p < data.ptr[i + 1]; p++) if (col[data.idx[p]] >= 0) order.push(p);
    order.sort((a, b) => col[data.idx[a]] - col[data.idx[b]]);
    let last = -1;
    for (const p of order) {
      const c = col[data.idx[p]];
      if (c === last) val[nnz - 1] += data.val[p];
      else {
        cidx[nnz] = c;
        val[nnz++] = data.val[p];
        last = c;
      }
    }
    ptr[i + 1] = nnz;
  }
  const labels = data.labels;

  const counts = [0, 0, 0];
  for (let i = 0; i < n; i++) counts[labels[i]]++;
  const cw = counts.map((c) => (c > 0 ? Math.pow(n / (3 * c), opt.classWeightPower) : 0));
  let wsum = 0;
  for (let i = 0; i < n; i++) wsum += cw[labels[i]];

  const size = m * 3;
  // Per (column, class) scale of the weights; 1 everywhere for plain logistic regression.
  const scale = new Float64Array(size).fill(1);
  const nbw = opt.nbWeight ?? 0;
  if (nbw > 0) {
    const dfc = new Float64Array(size);
    for (let i = 0; i < n; i++) for (let p = ptr[i]; p < ptr[i + 1]; p++) dfc[cidx[p] * 3 + labels[i]]++;
    for (let c = 0; c < m; c++) {
      const total = dfc[c * 3] + dfc[c * 3 + 1] + dfc[c * 3 + 2];
      for (let k = 0; k < 3; k++) {
        const inK = (dfc[c * 3 + k] + 1) / (counts[k] + 2);
        const out = (total - dfc[c * 3 + k] + 1) / (n - counts[k] + 2);
        scale[c * 3 + k] = 1 + nbw * Math.abs(Math.log(inK / out));
      }
    }
  }
  const w = new Float64Array(size);
  const f = (v: Float64Array, g: Float64Array): number => {
    for (let j = 0; j < size; j++) w[j] = v[j] * scale[j];
    g.fill(0);
    let loss = 0;
    for (let i = 0; i < n; i++) {
      let z0 = 0;
      let z1 = 0;
      let z2 = 0;
      const a = ptr[i];
      const b = ptr[i + 1];
      for (let p = a; p < b; p++) {
        const c = cidx[p];
        const v = val[p];
        z0 += w[c * 3] * v;
        z1 += w[c * 3 + 1] * v;
        z2 += w[c * 3 + 2] * v;
      }
      const mx = Math.max(z0, z1, z2);
      const e0 = Math.exp(z0 - mx);
      const e1 = Math.exp(z1 - mx);
      const e2 = Math.exp(z2 - mx);
      const s = e0 + e1 + e2;
      const y = labels[i];
      const wi = cw[y] / wsum;
      const zy = y === 0 ? z0 : y === 1 ? z1 : z2;
      loss += wi * (Math.log(s) + mx - zy);
      const d0 = wi * (e0 / s - (y === 0 ? 1 : 0));
      const d1 = wi * (e1 / s - (y === 1 ? 1 : 0));
      const d2 = wi * (e2 / s - (y === 2 ? 1 : 0));
      for (let p = a; p < b; p++) {
        const c = cidx[p];
        const v = val[p];
        g[c * 3] += d0 * v;
        g[c * 3 + 1] += d1 * v;
        g[c * 3 + 2] += d2 * v;
      }
    }
    let reg = 0;
    for (let j = 0; j < size; j++) {
      reg += v[j] * v[j];
      g[j] = g[j] * scale[j] + opt.l2 * v[j];
    }
    return loss + 0.5 * opt.l2 * reg;
  };

  const { x, iterations, value } = lbfgs(f, new Float64Array(size), opt.maxIter, opt.log);
  for (let j = 0; j < size; j++) x[j] *= scale[j];
  const dense = new Float64Array(dim * 3);
  for (let c = 0; c < m; c++) {
    const b = buckets[c];
    dense[b * 3] = x[c * 3];
    dense[b * 3 + 1] = x[c * 3 + 1];
    dense[b * 3 + 2] = x[c * 3 + 2];
  }
  return { w: dense, iterations, loss: value };
}

/** Logits of hashed rows under dense weights (float64, no class bias). */
export function logitsOf(data: HashedRows, w: ArrayLike<number>): Float64Array {
  const n = data.labels.length;
  const out = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) {
    let z0 = 0;
    let z1 = 0;
    let z2 = 0;
    for (let p = data.ptr[i]; p < data.ptr[i + 1]; p++) {
      const b = data.idx[p] * 3;
      const v = data.val[p];
      z0 += w[b] * v;
      z1 += w[b + 1] * v;
      z2 += w[b + 2] * v;
    }
    out[i * 3] = z0;
    out[i * 3 + 1] = z1;
    out[i * 3 + 2] = z2;
  }
  return out;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Limited-memory BFGS with a backtracking Armijo line search. Deterministic. */
export function lbfgs(
  f: (x: Float64Array, g: Float64Array) => number,
  x0: Float64Array,
  maxIter: number,
  log?: (msg: string) => void,
  memory = 10,
  tol = 1e-6,
): { x: Float64Array; value: number; iterations: number } {
  const size = x0.length;
  let x = x0;
  let g = new Float64Array(size);
  let fx = f(x, g);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const RHO: number[] = [];
  const dir = new Float64Array(size);
  const alpha = new Array<number>(memory).fill(0);
  let it = 0;
  for (; it < maxIter; it++) {
    // two-loop recursion: dir = -H g
    for (let j = 0; j < size; j++) dir[j] = -g[j];
    for (let k = S.length - 1; k >= 0; k--) {
      alpha[k] = RHO[k] * dot(S[k], dir);
      const y = Y[k];
      for (let j = 0; j < size; j++) dir[j] -= alpha[k] * y[j];
    }
    if (S.length > 0) {
      const k = S.length - 1;
      const gamma = dot(S[k], Y[k]) / dot(Y[k], Y[k]);
      for (let j = 0; j < size; j++) dir[j] *= gamma;
    } else {
      const gn = Math.sqrt(dot(g, g)) || 1;
      for (let j = 0; j < size; j++) dir[j] /= gn;
    }
    for (let k = 0; k < S.length; k++) {
      const beta = RHO[k] * dot(Y[k], dir);
      const s = S[k];
      for (let j = 0; j < size; j++) dir[j] += s[j] * (alpha[k] - beta);
    }
    let gd = dot(g, dir);
    if (gd >= 0) {
      // Not a descent direction: restart from steepest descent.
      S.length = 0;
      Y.length = 0;
      RHO.length = 0;
      for (let j = 0; j < size; j++) dir[j] = -g[j];
      gd = dot(g, dir);
    }
    let step = 1;
    const xn = new Float64Array(size);
    const gn = new Float64Array(size);
    let fn = 0;
    let ok = false;
    for (let ls = 0; ls < 30; ls++) {
      for (let j = 0; j < size; j++) xn[j] = x[j] + step * dir[j];
      fn = f(xn, gn);
      if (fn <= fx + 1e-4 * step * gd) {
        ok = true;
        break;
      }
      step *= 0.5;
    }
    if (!ok) break;
    const s = new Float64Array(size);
    const y = new Float64Array(size);
    for (let j = 0; j < size; j++) {
      s[j] = xn[j] - x[j];
      y[j] = gn[j] - g[j];
    }
    const sy = dot(s, y);
    if (sy > 1e-12) {
      S.push(s);
      Y.push(y);
      RHO.push(1 / sy);
      if (S.length > memory) {
        S.shift();
        Y.shift();
        RHO.shift();
      }
    }
    const rel = (fx - fn) / Math.max(1e-12, Math.abs(fx));
    x = xn;
    g = gn;
    fx = fn;
    if (log && it % 25 === 0) log(`  iter ${it} loss ${fx.toFixed(5)}`);
    if (rel < tol) {
      it++;
      break;
    }
  }
  return { x, value: fx, iterations: it };
}
