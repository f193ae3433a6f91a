// detect reads CSV as CSV (csv-parse): quoted fields may hold commas, quotes and line breaks, and
// none of them shifts a column or a line number. The scores themselves are tested in
// test/lib/detection/series-score.test.ts.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './run-cli.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'detect-csv-'));
// The fixture's first 400 rows: its bad rows are on lines 202 (value) and 300 (timestamp).
const rows = readFileSync(path.join(ROOT, 'test/fixtures/detection/series.csv'), 'utf8').trim().split('\n').slice(1, 401);

function detect(name: string, content: string) {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  const r = runCli('scripts/detect.ts', ['--input', file]);
  return { ...r, stderr: r.stderr.replaceAll(file, name) };
}

const plain = detect('plain.csv', ['timestamp,value', ...rows].join('\n') + '\n');

describe('detect reads CSV', () => {
  it('the plain file: every row echoed with a score, the bad ones named by line', () => {
    expect(plain.status).toBe(0);
    expect(plain.stdout.trim().split('\n')).toHaveLength(rows.length + 1);
    expect(plain.stderr).toContain('plain.csv:202: value "not-a-number" is not a number; scored as missing');
    expect(plain.stderr).toContain('plain.csv:300: timestamp "yesterday" is neither ISO-8601');
  });

  it('a quoted comma or quote in another column shifts nothing (the hand split took "a, b" for two columns)', () => {
    const noted = detect('noted.csv', ['note,timestamp,value', ...rows.map((r, i) => `"row ${i}, ""quoted"", with commas",${r}`)].join('\n') + '\n');
    expect(noted.status).toBe(0);
    expect(noted.stdout).toBe(plain.stdout);
    expect(noted.stderr).toBe(plain.stderr.replaceAll('plain.csv', 'noted.csv'));
  });

  it('quoted fields, CRLF line ends and a byte-order mark read like the plain file', () => {
    const quoted = detect('quoted.csv', '\uFEFF"timestamp","value"\r\n' + rows.map((r) => r.split(',').map((f) => `"${f}"`).join(',')).join('\r\n') + '\r\n');
    expect(quoted.status).toBe(0);
    expect(quoted.stdout).toBe(plain.stdout);
    expect(quoted.stderr).toBe(plain.stderr.replaceAll('plain.csv', 'quoted.csv'));
  });

  it('a line break inside a quoted field counts in the line numbers', () => {
    const lines = ['timestamp,value,note', ...rows.map((r, i) => (i === 10 ? `${r},"two\nlines"` : r))];
    const r = detect('multiline.csv', lines.join('\n') + '\n');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(plain.stdout);
    expect(r.stderr).toContain('multiline.csv:203: value "not-a-number" is not a number');
    expect(r.stderr).toContain('multiline.csv:301: timestamp "yesterday"');
  });

  it('a value that needs quoting is quoted on the way out', () => {
    const r = detect('comma.csv', 'timestamp,value\n"2025-03-03T00:00:00Z, noon",5\n2025-03-03T00:10:00Z,"7 ""units"""\n');
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n').slice(1, 3)).toEqual(['"2025-03-03T00:00:00Z, noon",5,0', '2025-03-03T00:10:00Z,"7 ""units""",0']);
    expect(r.stderr).toContain('comma.csv:2: timestamp "2025-03-03T00:00:00Z, noon" is neither ISO-8601');
    expect(r.stderr).toContain('comma.csv:3: value "7 "units"" is not a number');
  });

  it('a quote never closed: the rows before it are scored, the rest is reported by the line it opens on', () => {
    const r = detect('unclosed.csv', ['timestamp,value', ...rows.slice(0, 50), '2025-03-03T08:20:00Z,"4', ...rows.slice(51, 60)].join('\n') + '\n');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(plain.stdout.split('\n').slice(0, 51).join('\n') + '\n');
    expect(r.stderr).toContain('unclosed.csv:52: a quote opened in this row is never closed: the row and the rest of the file skipped');
    expect(r.stderr).toContain('detect: 1 unreadable CSV record(s) skipped');
  });
});
