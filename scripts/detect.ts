// npm run --silent detect -- --input series.csv
// Reads `timestamp,value` (one row per bucket; ISO-8601 or epoch seconds/milliseconds) and writes
// `timestamp,value,anomaly_score` to stdout, row by row as it reads: the score of a row uses only
// the rows before it, so a prefix of the file scores exactly like the first rows of the whole.
// CSV as RFC 4180 writes it (csv-parse: quoted fields may hold commas, quotes and line breaks;
// other columns are ignored). A bad row is reported on stderr with its line number and scored as a
// missing value (0); a quote never closed is reported and the rest of the file skipped.
import { createReadStream } from 'node:fs';
import { Parser, type CsvError } from 'csv-parse';
import { Option } from 'commander';
import { createSeriesScorer, parseTimestamp } from '../lib/detection/series-score.js';
import { cliProgram, inputFile, numberIn, parseArgs } from './lib-cli.js';

/** A field as CSV writes it: quoted when it holds a comma, a quote or a line break. */
const csvField = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

interface Row {
  fields: string[];
  /** The line the record ends on (1-based). */
  endLine: number;
}

/**
 * csv-parse's stream, each record paired with the line it ends on, read from the parser as it
 * emits the record. (Its `info: true` option builds a whole info object per record instead: measured
 * on 500,000 rows, `detect` took 1.56 times the CPU of the hand split with it, 1.2 times with this.)
 */
class LineNumberedParser extends Parser {
  override push(record: unknown, encoding?: BufferEncoding): boolean {
    return super.push(record === null ? null : ({ fields: record as string[], endLine: this.info.lines } satisfies Row), encoding);
  }
}

async function main(): Promise<void> {
  const program = cliProgram('detect', 'Causal anomaly score per bucket of a timestamp,value CSV')
    .requiredOption('--input <file>', 'CSV with header timestamp,value ("-" for stdin)', inputFile)
    .option('--sensitivity <n>', 'above 1 scores higher (earlier), below 1 lower', numberIn({ above: 0 }), 1)
    .option('--min-value <n>', 'volume floor (default 3 for whole-number series, none otherwise)', numberIn({ min: 0 }))
    .addOption(new Option('--direction <d>', 'both: rises and falls are anomalies; up: only rises').choices(['both', 'up']).default('both'))
    .addOption(
      new Option('--report <how>', 'onset: score a row when an anomaly starts or grows past what was last reported; level: every row').choices(['onset', 'level']).default('onset'),
    );
  const o = parseArgs<{ input: string; sensitivity: number; minValue?: number; direction: 'up' | 'both'; report: 'onset' | 'level' }>(program);

  const input = o.input === '-' ? process.stdin : createReadStream(o.input);
  input.on('error', (e: Error) => {
    process.stderr.write(`detect: cannot read ${o.input}: ${e.message}\n`);
    process.exit(1);
  });
  const score = createSeriesScorer({ sensitivity: o.sensitivity, minNegative: o.minValue, direction: o.direction, report: o.report });
  const out: string[] = ['timestamp,value,anomaly_score'];
  const flush = () => {
    if (out.length) process.stdout.write(out.join('\n') + '\n');
    out.length = 0;
  };
  let cols: { ts: number; value: number } | null = null;
  let lastT = -Infinity;
  let bad = 0;
  let lineNo = 0; // where the current record starts
  let lastLine = 0; // where the previous one ended (every line is in a record: blank ones too)
  let skipped = 0;
  let unclosedQuote = false;
  const warn = (msg: string) => {
    bad++;
    process.stderr.write(`${o.input}:${lineNo}: ${msg}\n`);
  };
  const parser = new LineNumberedParser({
    bom: true,
    ltrim: true, // and each used field trimmed below: rtrim drops the rest of a chunk after a stray quote (csv-parse 7.0)
    relax_column_count: true,
    relax_quotes: true,
    skip_records_with_error: true,
    on_skip: (e: CsvError | undefined) => {
      // Met at the end of the input, before the last records are read: reported after them.
      if (e?.code === 'CSV_QUOTE_NOT_CLOSED') return void (unclosedQuote = true);
      skipped++;
      process.stderr.write(`${o.input}: ${e?.message ?? 'unreadable CSV'}; skipped\n`);
    },
  });
  for await (const { fields, endLine } of input.pipe(parser) as AsyncIterable<Row>) {
    lineNo = lastLine + 1;
    lastLine = endLine;
    if (!cols) {
      const names = fields.map((c) => c.trim().toLowerCase());
      const ts = names.indexOf('timestamp');
      const value = names.indexOf('value');
      if (ts < 0 || value < 0) {
        process.stderr.write(`${o.input}:${lineNo}: expected a header with columns timestamp,value, got "${fields.join(',')}"\n`);
        process.exit(1);
      }
      cols = { ts, value };
      continue;
    }
    if (fields.length === 1 && fields[0].trim() === '') continue; // a blank line
    const tsRaw = (fields[cols.ts] ?? '').trim();
    const valueRaw = (fields[cols.value] ?? '').trim();
    const echo = `${csvField(tsRaw)},${csvField(valueRaw)}`;
    if (fields.length <= Math.max(cols.ts, cols.value)) {
      warn(`expected ${Math.max(cols.ts, cols.value) + 1} columns, got ${fields.length}; scored as missing`);
      out.push(`${echo},0`);
      continue;
    }
    const t = parseTimestamp(tsRaw);
    if (!Number.isFinite(t)) {
      warn(`timestamp "${tsRaw}" is neither ISO-8601 nor epoch seconds/milliseconds; scored as missing`);
      out.push(`${echo},0`);
      continue;
    }
    if (t <= lastT) {
      warn(`timestamp "${tsRaw}" is not after the previous row's; scored as missing`);
      out.push(`${echo},0`);
      continue;
    }
    lastT = t;
    let value = valueRaw === '' ? NaN : Number(valueRaw);
    if (valueRaw !== '' && !Number.isFinite(value)) {
      warn(`value "${valueRaw}" is not a number; scored as missing`);
      value = NaN;
    } else if (valueRaw === '') {
      warn('empty value; scored as missing');
    }
    out.push(`${echo},${score({ t, value })}`);
    if (out.length >= 4096) flush();
  }
  if (unclosedQuote) {
    skipped++;
    process.stderr.write(`${o.input}:${lastLine + 1}: a quote opened in this row is never closed: the row and the rest of the file skipped\n`);
  }
  if (!cols) {
    process.stderr.write(`${o.input}: empty file (expected a header timestamp,value)\n`);
    process.exit(1);
  }
  flush();
  if (bad) process.stderr.write(`detect: ${bad} row(s) scored as missing\n`);
  if (skipped) process.stderr.write(`detect: ${skipped} unreadable CSV record(s) skipped\n`);
}

await main();
