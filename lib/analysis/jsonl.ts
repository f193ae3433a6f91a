// One line of `npm run analyze`: a JSONL input row in, the JSON output line out. Never throws:
// invalid JSON or a row without text becomes {"id"?, "error"} so a file never aborts.
// `analyzeLine` is the pure, synchronous fast path; `analyzeLines` scores a chunk of lines with
// the encoder in one batch (lib/analysis/encoder/analyze-batch.ts).
import { analyze } from './analyze.js';
import { analyzeBatch } from './encoder/analyze-batch.js';
import type { SentimentEncoder } from './encoder/encoder.js';
import type { Analysis, AnalysisInput } from './types.js';

type ParsedLine = { kind: 'blank' } | { kind: 'error'; output: string } | { kind: 'input'; id: unknown; input: AnalysisInput };

/** The output line for one input line (without the newline), or undefined for a blank line. */
export function analyzeLine(line: string): string | undefined {
  const p = parseLine(line);
  if (p.kind === 'blank') return undefined;
  return p.kind === 'error' ? p.output : formatLine(p.id, analyze(p.input));
}

/** The output lines of a chunk of input lines (blank lines dropped), in order, scored in one batch. */
export async function analyzeLines(lines: string[], encoder: SentimentEncoder | undefined): Promise<string[]> {
  const parsed = lines.map(parseLine);
  const inputs = parsed.flatMap((p) => (p.kind === 'input' ? [p.input] : []));
  const analyses = await analyzeBatch(inputs, encoder);
  let k = 0;
  return parsed.flatMap((p) => (p.kind === 'blank' ? [] : p.kind === 'error' ? [p.output] : [formatLine(p.id, analyses[k++])]));
}

function formatLine(id: unknown, a: Analysis): string {
  return JSON.stringify({
    id: id ?? null,
    lang: a.lang,
    sentiment: a.sentiment,
    score: a.score,
    confidence: a.confidence,
    p_negative: a.p_negative,
    sentiment_model: a.sentiment_model,
    needs_reply: a.needs_reply,
  });
}

function parseLine(line: string): ParsedLine {
  const error = (o: Record<string, unknown>): ParsedLine => ({ kind: 'error', output: JSON.stringify(o) });
  if (line.trim() === '') return { kind: 'blank' };
  let row: unknown;
  try {
    row = JSON.parse(line);
  } catch {
    // Recover the id if it is readable, so the caller can tell which row was bad.
    const m = /"id"\s*:\s*("(?:[^"\\]|\\.)*"|-?\d+)/.exec(line);
    let id: unknown;
    try {
      id = m ? JSON.parse(m[1]) : undefined;
    } catch {
      id = undefined;
    }
    return error(id === undefined ? { error: 'invalid JSON' } : { id, error: 'invalid JSON' });
  }
  if (row === null || typeof row !== 'object' || Array.isArray(row)) return error({ error: 'not a JSON object' });
  const r = row as Record<string, unknown>;
  const id = r.id;
  if (typeof r.text !== 'string') return error({ ...(id === undefined ? {} : { id }), error: r.text === undefined ? 'missing text' : 'text is not a string' });
  const input: AnalysisInput = { text: r.text };
  if (typeof r.title === 'string') input.title = r.title;
  if (typeof r.rating === 'number') input.rating = r.rating;
  else if (typeof r.rating === 'string' && r.rating.trim() !== '' && Number.isFinite(Number(r.rating))) input.rating = Number(r.rating);
  if (typeof r.lang === 'string') input.lang = r.lang;
  return { kind: 'input', id, input };
}
