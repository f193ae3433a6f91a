// From encoder logits to the analysis' numbers. The class is the arg-max of the logits plus the
// language's offsets (tuned for macro-F1 on dev); the probabilities are softmax(logits / T) with
// the temperature T fitted on dev (negative log-likelihood), so `p_negative` is calibrated: of
// the posts given 0.8, about 80% are negative on dev (reliability curve in docs/analysis.md).
// Pure.
export type Logits = [number, number, number];

export function softmax(z: Logits, temperature = 1): Logits {
  const a = z[0] / temperature;
  const b = z[1] / temperature;
  const c = z[2] / temperature;
  const m = Math.max(a, b, c);
  const ea = Math.exp(a - m);
  const eb = Math.exp(b - m);
  const ec = Math.exp(c - m);
  const s = ea + eb + ec;
  return [ea / s, eb / s, ec / s];
}

export function argmax(z: Logits): 0 | 1 | 2 {
  return z[0] >= z[1] ? (z[0] >= z[2] ? 0 : 2) : z[1] >= z[2] ? 1 : 2;
}

/** Mean negative log-likelihood of the labels under softmax(z / T). */
export function nll(logits: Logits[], labels: number[], temperature: number): number {
  let s = 0;
  for (let i = 0; i < logits.length; i++) s -= Math.log(Math.max(1e-12, softmax(logits[i], temperature)[labels[i]]));
  return s / Math.max(1, logits.length);
}

/** The temperature in [0.05, 20] minimising the NLL (golden-section search on log T). */
export function fitTemperature(logits: Logits[], labels: number[]): number {
  let lo = Math.log(0.05);
  let hi = Math.log(20);
  const g = (Math.sqrt(5) - 1) / 2;
  let a = hi - g * (hi - lo);
  let b = lo + g * (hi - lo);
  let fa = nll(logits, labels, Math.exp(a));
  let fb = nll(logits, labels, Math.exp(b));
  for (let i = 0; i < 60; i++) {
    if (fa < fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - g * (hi - lo);
      fa = nll(logits, labels, Math.exp(a));
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + g * (hi - lo);
      fb = nll(logits, labels, Math.exp(b));
    }
  }
  return Math.round(Math.exp((lo + hi) / 2) * 1e4) / 1e4;
}

export interface ReliabilityBin {
  /** Bin [from, to) of the predicted probability. */
  from: number;
  to: number;
  count: number;
  /** Mean predicted probability in the bin. */
  predicted: number;
  /** Share of the bin's posts that carry the label. */
  observed: number;
}

/** Reliability of P(class = `cls`) in `bins` equal-width bins, and the expected calibration error. */
export function reliability(probs: number[], isClass: boolean[], bins = 10): { bins: ReliabilityBin[]; ece: number } {
  const out: ReliabilityBin[] = [];
  let ece = 0;
  for (let k = 0; k < bins; k++) {
    const from = k / bins;
    const to = (k + 1) / bins;
    let n = 0;
    let sp = 0;
    let so = 0;
    for (let i = 0; i < probs.length; i++) {
      const p = probs[i];
      if (p >= from && (p < to || (k === bins - 1 && p <= 1))) {
        n++;
        sp += p;
        so += isClass[i] ? 1 : 0;
      }
    }
    if (n === 0) continue;
    out.push({ from, to, count: n, predicted: sp / n, observed: so / n });
    ece += (n / probs.length) * Math.abs(sp / n - so / n);
  }
  return { bins: out, ece };
}
