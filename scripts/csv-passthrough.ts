// The reference for detect's speed: the same CSV read (csv-parse) and write loop with no scoring,
// so `detect` can be timed as a ratio to it on the same machine in the same run:
//   npx tsx scripts/csv-passthrough.ts --input series.csv > /dev/null
import { createReadStream } from 'node:fs';
import { Parser } from 'csv-parse';
import { cliProgram, inputFile, parseArgs } from './lib-cli.js';

async function main(): Promise<void> {
  const o = parseArgs<{ input: string }>(cliProgram('csv-passthrough', 'Read a timestamp,value CSV and write it back with a constant score (timing reference for detect)').requiredOption('--input <file>', 'CSV ("-" for stdin)', inputFile));
  const out: string[] = ['timestamp,value,anomaly_score'];
  const parser = (o.input === '-' ? process.stdin : createReadStream(o.input)).pipe(new Parser({ relax_column_count: true }));
  let header = true;
  for await (const fields of parser as AsyncIterable<string[]>) {
    if (header) {
      header = false;
      continue;
    }
    out.push(`${fields[0]},${fields[1]},0`);
    if (out.length >= 4096) {
      process.stdout.write(out.join('\n') + '\n');
      out.length = 0;
    }
  }
  if (out.length) process.stdout.write(out.join('\n') + '\n');
}

void main();
