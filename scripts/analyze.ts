// Scores a JSONL file with the pipeline's own analysis:
//
//   npx tsx scripts/analyze.ts <file.jsonl | ->      (npm run --silent analyze -- <file>)
//
// Each input line is an object with `id` and `text` (optional `title`, `rating`, `lang`). Each
// output line, in input order, is {"id","lang","sentiment","score","confidence","p_negative",
// "sentiment_model","needs_reply"}, scored by the encoder when it is installed (in chunks of 256
// lines), else by the fast model;
// a bad line (invalid JSON, no text) gives {"id"?, "error"} and the file goes on. Blank lines
// are skipped. Works without ../shared: the committed models are all it needs.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { cliProgram, inputFile } from './lib-cli.js';

async function main(): Promise<void> {
  const program = cliProgram('analyze', 'Language, sentiment and needs-a-reply of each line of a JSONL file, as JSON lines')
    .argument('<file>', 'JSONL with `id` and `text` per line (optional `title`, `rating`, `lang`); "-" for stdin', inputFile)
    .parse();
  const [path] = program.processedArgs as [string];
  // Imported once the arguments are valid: the models take a second to load, --help should not wait.
  const { defaultEncoder } = await import('../lib/analysis/encoder/default-encoder.js');
  const { analyzeLines } = await import('../lib/analysis/jsonl.js');
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  // Before reading: lines read while the encoder loads would be emitted before the loop listens.
  const encoder = await defaultEncoder();
  const input = path === '-' ? process.stdin : createReadStream(path);
  input.on('error', (err: Error) => {
    process.stderr.write(`analyze: cannot read ${path}: ${err.message}\n`);
    process.exit(1);
  });
  const rl = createInterface({ input, crlfDelay: Infinity });
  let buf: string[] = [];
  const flush = async (): Promise<void> => {
    if (buf.length === 0) return;
    const out = await analyzeLines(buf, encoder);
    buf = [];
    if (out.length && !process.stdout.write(out.join('\n') + '\n')) await new Promise<void>((res) => process.stdout.once('drain', () => res()));
  };
  for await (const line of rl) {
    buf.push(line);
    if (buf.length >= 256) await flush();
  }
  await flush();
  await encoder?.release();
}

main().catch((err) => {
  process.stderr.write(`analyze: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
