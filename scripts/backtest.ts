// npm run --silent backtest -- --config monitor.yaml --input mentions.jsonl
// Replays a mention file through the analysis and the live detection logic (same detector, same
// incident rules, no Temporal, no ClickHouse) and prints one JSON line per incident:
// {brand, opened_at, severity, peak_at, top_phrases, resolved_at}. Mentions are replayed in
// created_at order (--order created_at, the default; ties keep file order) or as the file lists
// them (--order file: arrival order, where a mention arriving after its bucket was scored is late).
// Stream time is the newest created_at seen; a bucket is scored once stream time has passed its
// end by --late. --explain also prints on stderr, as they are scored, one line per bucket whose
// window crossed the alert level: the end of the bucket, the brand, and the sentence an alert
// gives, with the evidence (1 is the alert level):
//   2026-11-21T14:35Z nimbus: 17 negative posts in the last 15 min where 2.1 were expected; negative share 68% vs 21% (evidence 1.24)
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Option } from 'commander';
import type { BucketScore } from '../lib/detection/types.js';
import { cliProgram, duration, existingFile, inputFile, numberIn, outputFile, parseArgs } from './lib-cli.js';

async function main(): Promise<void> {
  const program = cliProgram('backtest', 'Replay mentions through analysis + detection; one JSON line per incident')
    .requiredOption('--config <file>', 'monitor.yaml (brands and detection settings)', existingFile)
    .requiredOption('--input <file>', 'mentions, one JSON object per line ("-" for stdin)', inputFile)
    .option('--late <duration>', 'how late a mention may arrive for its bucket, e.g. 5m (default: one bucket)', duration)
    .option('--phrases <n>', 'top phrases per incident', numberIn({ integer: true, min: 0 }), 10)
    .option('--scores <file>', 'also write every scored bucket as JSON lines to this file', outputFile)
    .addOption(
      new Option('--order <order>', 'created_at (sort the file by created_at) or file (arrival order)').choices(['created_at', 'file']).default('created_at'),
    )
    .option('--explain', 'also print on stderr one line per scored window that crossed the alert level, and why');
  const o = parseArgs<{ config: string; input: string; late?: number; phrases: number; scores?: string; order: 'created_at' | 'file'; explain?: boolean }>(program);
  // Imported once the arguments are valid: the analysis models take a second to load, --help should not wait.
  const [{ ConfigError, loadConfig }, { Backtest }, { detectionFor }, { explainTrigger }, { defaultEncoder }] = await Promise.all([
    import('../lib/config/load.js'),
    import('../lib/detection/backtest.js'),
    import('../lib/config/schema.js'),
    import('../lib/alerts/alert.js'),
    import('../lib/analysis/encoder/default-encoder.js'),
  ]);

  let cfg;
  try {
    cfg = loadConfig(o.config);
  } catch (e) {
    process.stderr.write(`${e instanceof ConfigError ? e.message : String(e)}\n`);
    process.exit(1);
  }
  const scoresOut: WriteStream | undefined = o.scores ? createWriteStream(o.scores) : undefined;
  const bucketMs = new Map(cfg.brands.map((b) => [b.id, detectionFor(cfg, b.id).bucket]));
  const explain = (brand: string, s: BucketScore) => {
    if (!s.anomalous || !s.window) return;
    const end = new Date(s.t + (bucketMs.get(brand) ?? 0)).toISOString().slice(0, 16);
    process.stderr.write(`${end}Z ${brand}: ${explainTrigger(s.window)} (evidence ${s.window.evidence.toFixed(2)})\n`);
  };
  const bt = new Backtest(cfg, {
    lateMs: o.late,
    phrases: o.phrases,
    onScore: (brand, s) => {
      scoresOut?.write(JSON.stringify({ brand, at: new Date(s.t).toISOString(), ...s }) + '\n');
      if (o.explain) explain(brand, s);
    },
  });

  const input = o.input === '-' ? process.stdin : createReadStream(o.input);
  input.on('error', (e: Error) => {
    process.stderr.write(`backtest: cannot read ${o.input}: ${e.message}\n`);
    process.exit(1);
  });
  let lineNo = 0;
  let shown = 0;
  const report = () => {
    while (shown < bt.rejects.length) {
      if (shown < 20) process.stderr.write(`rejected ${bt.rejects[shown]}\n`);
      shown++;
    }
  };
  const lines: { line: string; where: string }[] = [];
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    lineNo++;
    lines.push({ line, where: `${o.input}:${lineNo}` });
  }
  // Posts are read by the live pipeline's analysis: the encoder when it is installed.
  const encoder = await defaultEncoder();
  await bt.replay(lines, { order: o.order, encoder, onBatch: report });
  report();
  await encoder?.release();
  const incidents = bt.finish();
  process.stdout.write(incidents.map((i) => JSON.stringify(i) + '\n').join(''));
  scoresOut?.end();
  const s = bt.stats;
  process.stderr.write(
    `backtest: ${s.lines} lines, ${s.rejected} rejected${s.rejected > 20 ? ' (first 20 shown)' : ''}, ${s.duplicates} duplicates, ` +
      `${s.matched} matched a brand, ${s.late} late; ${incidents.length} incident(s)\n`,
  );
}

await main();
