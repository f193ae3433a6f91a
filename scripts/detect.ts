// npm run --silent detect -- --input series.csv
// Reads `timestamp,value` (one row per bucket; ISO-8601 or epoch seconds/milliseconds) and writes
// `timestamp,value,anomaly_score` to stdout, row by row as it reads: the score of a row uses only
// the rows before it, so a prefix of the file scores exactly like the first rows of the whole.
// A bad row is reported on stderr with its line number and scored as a missing value (0).
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Command } from 'commander';
import { createSeriesScorer, parseTimestamp } from '../lib/detection/series-score.js';

function unquote(s: string): string {
  const t = s.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).replace(/""/g, '"') : t;
}

async function main(): Promise<void> {
  const program = new Command()
    .name('detect')
    .description('Causal anomaly score per bucket of a timestamp,value CSV')
    .requiredOption('--input <file>', 'CSV with header timestamp,value ("-" for stdin)')
    .option('--sensitivity <n>', 'above 1 scores higher (earlier), below 1 lower', Number, 1)
    .option('--min-value <n>', 'volume floor (default 3 for whole-number series, none otherwise)', Number)
    .parse();
  const o = program.opts<{ input: string; sensitivity: number; minValue?: number }>();

  const input = o.input === '-' ? process.stdin : createReadStream(o.input);
  input.on('error', (e: Error) => {
    process.stderr.write(`detect: cannot read ${o.input}: ${e.message}\n`);
    process.exit(1);
  });
  const score = createSeriesScorer({ sensitivity: o.sensitivity, minNegative: o.minValue });
  const out: string[] = ['timestamp,value,anomaly_score'];
  const flush = () => {
    if (out.length) process.stdout.write(out.join('\n') + '\n');
    out.length = 0;
  };
  let lineNo = 0;
  let cols: { ts: number; value: number } | null = null;
  let lastT = -Infinity;
  let bad = 0;
  const warn = (msg: string) => {
    bad++;
    process.stderr.write(`${o.input}:${lineNo}: ${msg}\n`);
  };
  for await (const rawLine of createInterface({ input, crlfDelay: Infinity })) {
    lineNo++;
    const line = (lineNo === 1 ? rawLine.replace(/^\uFEFF/, '') : rawLine).replace(/\r$/, '');
    if (!cols) {
      const names = line.split(',').map((c) => unquote(c).toLowerCase());
      const ts = names.indexOf('timestamp');
      const value = names.indexOf('value');
      if (ts < 0 || value < 0) {
        process.stderr.write(`${o.input}:${lineNo}: expected a header with columns timestamp,value, got "${line}"\n`);
        process.exit(1);
      }
      cols = { ts, value };
      continue;
    }
    if (line.trim() === '') continue;
    const fields = line.split(',');
    const tsRaw = unquote(fields[cols.ts] ?? '');
    const valueRaw = unquote(fields[cols.value] ?? '');
    const t = parseTimestamp(tsRaw);
    let value = valueRaw === '' ? NaN : Number(valueRaw);
    if (fields.length <= Math.max(cols.ts, cols.value)) {
      warn(`expected ${Math.max(cols.ts, cols.value) + 1} columns, got ${fields.length}; scored as missing`);
      out.push(`${tsRaw},${valueRaw},0`);
      continue;
    }
    if (!Number.isFinite(t)) {
      warn(`timestamp "${tsRaw}" is neither ISO-8601 nor epoch seconds/milliseconds; scored as missing`);
      out.push(`${tsRaw},${valueRaw},0`);
      continue;
    }
    if (t <= lastT) {
      warn(`timestamp "${tsRaw}" is not after the previous row's; scored as missing`);
      out.push(`${tsRaw},${valueRaw},0`);
      continue;
    }
    lastT = t;
    if (valueRaw !== '' && !Number.isFinite(value)) {
      warn(`value "${valueRaw}" is not a number; scored as missing`);
      value = NaN;
    } else if (valueRaw === '') {
      warn('empty value; scored as missing');
    }
    out.push(`${tsRaw},${valueRaw},${score({ t, value })}`);
    if (out.length >= 4096) flush();
  }
  if (!cols) {
    process.stderr.write(`${o.input}: empty file (expected a header timestamp,value)\n`);
    process.exit(1);
  }
  flush();
  if (bad) process.stderr.write(`detect: ${bad} row(s) scored as missing\n`);
}

await main();
