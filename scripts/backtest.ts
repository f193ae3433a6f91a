// npm run --silent backtest -- --config monitor.yaml --input mentions.jsonl
// Replays a mention file through the analysis and the live detection logic (same detector, same
// incident rules, no Temporal, no ClickHouse) and prints one JSON line per incident:
// {brand, opened_at, severity, peak_at, top_phrases, resolved_at}. Mentions are replayed in
// created_at order (--order created_at, the default; ties keep file order) or as the file lists
// them (--order file: arrival order, where a mention arriving after its bucket was scored is late).
// Stream time is the newest created_at seen; a bucket is scored once stream time has passed its
// end by --late.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Command } from 'commander';
import { ConfigError, loadConfig } from '../lib/config/load.js';
import { parseDuration } from '../lib/config/duration.js';
import { Backtest } from '../lib/detection/backtest.js';
import { parseMentionLine } from '../lib/mention/mention.js';

async function main(): Promise<void> {
  const program = new Command()
    .name('backtest')
    .description('Replay mentions through analysis + detection; one JSON line per incident')
    .requiredOption('--config <file>', 'monitor.yaml (brands and detection settings)')
    .requiredOption('--input <file>', 'mentions, one JSON object per line ("-" for stdin)')
    .option('--late <duration>', 'how late a mention may arrive for its bucket (default: one bucket)')
    .option('--phrases <n>', 'top phrases per incident', Number, 10)
    .option('--scores <file>', 'also write every scored bucket as JSON lines to this file')
    .option('--order <order>', 'created_at (sort the file by created_at) or file (arrival order)', 'created_at')
    .parse();
  const o = program.opts<{ config: string; input: string; late?: string; phrases: number; scores?: string; order: string }>();
  if (o.order !== 'created_at' && o.order !== 'file') {
    process.stderr.write(`backtest: --order must be created_at or file, got "${o.order}"\n`);
    process.exit(1);
  }

  let cfg;
  try {
    cfg = loadConfig(o.config);
  } catch (e) {
    process.stderr.write(`${e instanceof ConfigError ? e.message : String(e)}\n`);
    process.exit(1);
  }
  let scoresOut: import('node:fs').WriteStream | undefined;
  if (o.scores) scoresOut = (await import('node:fs')).createWriteStream(o.scores);
  const bt = new Backtest(cfg, {
    lateMs: o.late ? parseDuration(o.late) : undefined,
    phrases: o.phrases,
    onScore: scoresOut
      ? (brand, s) => scoresOut.write(JSON.stringify({ brand, at: new Date(s.t).toISOString(), ...s }) + '\n')
      : undefined,
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
  const sorted: { t: number; line: string; where: string }[] = [];
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    lineNo++;
    const where = `${o.input}:${lineNo}`;
    if (o.order === 'created_at' && line.trim() !== '') {
      const r = parseMentionLine(line, where);
      if (r.ok) {
        sorted.push({ t: Date.parse(r.mention.created_at), line, where });
        continue;
      }
    }
    bt.addLine(line, where); // arrival order, or a bad line reported in place
    report();
  }
  sorted.sort((a, b) => a.t - b.t); // stable: ties keep file order
  for (const r of sorted) bt.addLine(r.line, r.where);
  report();
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
