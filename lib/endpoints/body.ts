// Parses an ingest body (pure): a JSON array of canonical mentions (or one mention object),
// or JSON Lines (one mention per line). A JSON body that does not parse is an error for the
// whole request; in JSON Lines a bad line is a problem of that item only.
export type ParsedBody =
  | { ok: true; format: 'json' | 'jsonl'; items: { index: number; value?: unknown; error?: string }[] }
  | { ok: false; reason: string };

export function parseIngestBody(text: string, contentType = ''): ParsedBody {
  const trimmed = text.trim();
  if (!trimmed) return { ok: false, reason: 'empty body: send a JSON array of mentions or JSON Lines' };
  const jsonl = /ndjson|jsonl|json-seq|x-jsonlines/i.test(contentType) || (!trimmed.startsWith('[') && trimmed.includes('\n'));
  if (!jsonl) {
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (e) {
      return { ok: false, reason: `malformed JSON: ${(e as Error).message}` };
    }
    if (Array.isArray(value)) return { ok: true, format: 'json', items: value.map((v, index) => ({ index, value: v })) };
    if (value && typeof value === 'object') return { ok: true, format: 'json', items: [{ index: 0, value }] };
    return { ok: false, reason: 'the JSON body must be an array of mentions (or one mention object)' };
  }
  const items: { index: number; value?: unknown; error?: string }[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const index = items.length;
    try {
      items.push({ index, value: JSON.parse(line) });
    } catch (e) {
      items.push({ index, error: `line ${i + 1}: invalid JSON (${(e as Error).message})` });
    }
  });
  return { ok: true, format: 'jsonl', items };
}
