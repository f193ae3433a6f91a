import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeLine } from '../../../lib/analysis/jsonl.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

describe('analyzeLine', () => {
  it('writes the documented fields', () => {
    const out = JSON.parse(analyzeLine('{"id":"a1","text":"I love this phone, amazing camera!"}')!);
    expect(Object.keys(out)).toEqual(['id', 'lang', 'sentiment', 'score', 'confidence', 'p_negative', 'sentiment_model', 'needs_reply']);
    expect(out).toMatchObject({ id: 'a1', lang: 'en', sentiment: 'positive', needs_reply: false });
  });

  it('turns bad rows into errors with the id when it can be read', () => {
    expect(JSON.parse(analyzeLine('{"id":"b2","text":')!)).toEqual({ id: 'b2', error: 'invalid JSON' });
    expect(JSON.parse(analyzeLine('not json at all')!)).toEqual({ error: 'invalid JSON' });
    expect(JSON.parse(analyzeLine('{"id":7}')!)).toEqual({ id: 7, error: 'missing text' });
    expect(JSON.parse(analyzeLine('{"id":8,"text":12}')!)).toEqual({ id: 8, error: 'text is not a string' });
    expect(JSON.parse(analyzeLine('[1,2]')!)).toEqual({ error: 'not a JSON object' });
    expect(JSON.parse(analyzeLine('null')!)).toEqual({ error: 'not a JSON object' });
  });

  it('skips blank lines', () => {
    expect(analyzeLine('')).toBeUndefined();
    expect(analyzeLine('   ')).toBeUndefined();
  });

  it('uses title, rating (number or numeric string) and lang', () => {
    const base = JSON.parse(analyzeLine('{"id":1,"text":"It arrived on Tuesday."}')!);
    const low = JSON.parse(analyzeLine('{"id":1,"text":"It arrived on Tuesday.","rating":1}')!);
    const high = JSON.parse(analyzeLine('{"id":1,"text":"It arrived on Tuesday.","rating":"5"}')!);
    expect(low.score).toBeLessThan(base.score);
    expect(high.score).toBeGreaterThan(base.score);
    const titled = JSON.parse(analyzeLine('{"id":2,"title":"Worst purchase ever, broken","text":"."}')!);
    expect(titled.sentiment).toBe('negative');
  });
});

describe('scripts/analyze.ts', () => {
  it('reads stdin and writes one line per row in order, errors included', () => {
    const input = [
      '{"id":"x1","text":"Thank you so much, you guys are awesome!"}',
      '{"id":"x2","text":',
      '',
      '{"id":"x3"}',
      '{"id":"x4","text":"אני רוצה החזר כספי, אף אחד לא עונה"}',
    ].join('\n');
    const res = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/analyze.ts', '-'], { cwd: root, input, encoding: 'utf8' });
    expect(res.status).toBe(0);
    const lines = res.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(['x1', 'x2', 'x3', 'x4']);
    expect(lines[0]).toMatchObject({ lang: 'en', sentiment: 'positive' });
    expect(lines[1]).toEqual({ id: 'x2', error: 'invalid JSON' });
    expect(lines[2]).toEqual({ id: 'x3', error: 'missing text' });
    expect(lines[3]).toMatchObject({ lang: 'he', needs_reply: true });
  });
});
