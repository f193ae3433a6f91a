// One line of `npm run analyze`: a JSONL input row in, the JSON output line out. Pure, never
// throws: invalid JSON or a row without text becomes {"id"?, "error"} so a file never aborts.
import { analyze } from './analyze.js';
import type { AnalysisInput } from './types.js';

/** The output line for one input line (without the newline), or undefined for a blank line. */
export function analyzeLine(line: string): string | undefined {
  if (line.trim() === '') return undefined;
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
    return JSON.stringify(id === undefined ? { error: 'invalid JSON' } : { id, error: 'invalid JSON' });
  }
  if (row === null || typeof row !== 'object' || Array.isArray(row)) return JSON.stringify({ error: 'not a JSON object' });
  const r = row as Record<string, unknown>;
  const id = r.id;
  const withId = (o: Record<string, unknown>): string => JSON.stringify(id === undefined ? o : { id, ...o });
  if (typeof r.text !== 'string') return withId({ error: r.text === undefined ? 'missing text' : 'text is not a string' });
  const input: AnalysisInput = { text: r.text };
  if (typeof r.title === 'string') input.title = r.title;
  if (typeof r.rating === 'number') input.rating = r.rating;
  else if (typeof r.rating === 'string' && r.rating.trim() !== '' && Number.isFinite(Number(r.rating))) input.rating = Number(r.rating);
  if (typeof r.lang === 'string') input.lang = r.lang;
  const a = analyze(input);
  return JSON.stringify({
    id: id ?? null,
    lang: a.lang,
    sentiment: a.sentiment,
    score: a.score,
    confidence: a.confidence,
    needs_reply: a.needs_reply,
  });
}
