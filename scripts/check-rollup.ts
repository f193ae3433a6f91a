// npm run check:rollup -- [--from <time>] [--to <time>] [--brand <id>] [--dry-run | --rebuild] [--json]
// Compares the per-minute rollup (mention_rollup_1m) with its definition over `mentions`, per
// brand, platform, language and minute, and corrects every difference (one signed correction
// row per minute), then checks again. Reports what differed and what was fixed. --rebuild
// rewrites the range's rollup from mentions instead (the one way to drop authors the rollup
// counts without a mention; run it with the workers stopped).
// Exit 0: the rollup agrees (as found, or after the correction); 1: differences remain (with
// --dry-run, any difference) or the store failed; 2: bad usage.
// Storage: CLICKHOUSE_URL when set, else the embedded store in the config's data_dir (which a
// running worker holds open: stop it first, or use --data-dir on a copy).
import { InvalidArgumentError } from 'commander';
import { parseDuration } from '../lib/config/duration.js';
import { parseIsoTimestamp } from '../lib/mention/timestamp.js';
import type { RollupDifference, RollupScope } from '../lib/store/rollup-repo.js';
import { cliProgram, numberIn, parseArgs as parseProgram, usageError } from './lib-cli.js';

interface Options {
  from?: number;
  to?: number;
  brand?: string[];
  dryRun?: boolean;
  rebuild?: boolean;
  json?: boolean;
  config?: string;
  dataDir?: string;
  limit: number;
}

/** An ISO-8601 date-time with offset, or a duration back from now ("7d", "90m"). */
function timeArg(value: string): number {
  const t = parseIsoTimestamp(value);
  if (t.ok) return t.ms;
  try {
    return Date.now() - parseDuration(value);
  } catch {
    throw new InvalidArgumentError(`"${value}" is neither an ISO-8601 date-time with offset (2026-11-22T10:00:00Z) nor a duration ago (7d, 90m)`);
  }
}

function parseArgs(argv: string[]): Options {
  const program = cliProgram('check:rollup', 'Compare the per-minute rollup with mentions and correct the difference')
    .option('--from <time>', 'first minute checked: ISO-8601 or a duration ago (default: everything)', timeArg)
    .option('--to <time>', 'end of the range, exclusive (default: a day ahead of now)', timeArg)
    .option('--brand <id...>', 'only these brands')
    .option('--dry-run', 'report differences, write nothing (exit 1 when there are any)')
    .option('--rebuild', 'rewrite the rollup of the range from mentions (stop the workers first)')
    .option('--json', 'print the report as JSON')
    .option('--limit <n>', 'differing minutes listed in the text report', numberIn({ min: 0, integer: true }), 20)
    .option('--config <file>', 'monitor.yaml whose data_dir holds the embedded store (default: MONITOR_CONFIG, ./monitor.yaml, the example)')
    .option('--data-dir <dir>', 'data folder of the embedded store (instead of the config\'s)');
  const o = parseProgram<Options>(program, argv);
  if (o.from !== undefined && o.to !== undefined && o.from >= o.to) usageError('check:rollup', '--from must be before --to (see --help)');
  if (o.dryRun && o.rebuild) usageError('check:rollup', '--dry-run and --rebuild exclude each other (see --help)');
  return o;
}


const minuteText = (t: number) => new Date(t).toISOString().slice(0, 16).replace('T', ' ');

function describe(d: RollupDifference): string {
  const changes = Object.entries(d.changes).map(([m, c]) => `${m} ${round(c!.found)} -> ${round(c!.expected)}`);
  return `${d.brand} ${d.platform} ${d.lang || '-'} ${minuteText(d.minute)}: ${changes.join(', ')}${d.extraAuthors ? ' (the rollup counts authors mentions does not have)' : ''}`;
}

const round = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(6));

function totals(ds: RollupDifference[]): Record<string, number> {
  const sum: Record<string, number> = {};
  for (const d of ds) for (const [m, c] of Object.entries(d.changes)) if (m !== 'authors' && m !== 'negative_authors') sum[m] = (sum[m] ?? 0) + c!.expected - c!.found;
  return sum;
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv);
  // The store (and its native engine) is loaded only once the arguments are valid.
  const [{ openCliStore }, { rebuildRollup, repairRollup }, { rollupDifferences }] = await Promise.all([
    import('./lib-store.js'),
    import('../lib/store/mentions-repo.js'),
    import('../lib/store/rollup-repo.js'),
  ]);
  const scope: RollupScope = { from: o.from ?? 0, to: o.to ?? Date.now() + 86_400_000, brands: o.brand };
  // Migrated on opening: the correction rows need the signed sums of sql/0010.
  const store = await openCliStore(o);
  const { client } = store;
  try {
    const found = await (o.dryRun ? rollupDifferences : o.rebuild ? rebuildRollup : repairRollup)(client, scope);
    const remaining = o.dryRun ? found : await rollupDifferences(client, scope);
    const report = {
      store: store.describe,
      from: new Date(Math.floor(scope.from / 60_000) * 60_000).toISOString(),
      to: new Date(Math.ceil(scope.to / 60_000) * 60_000).toISOString(),
      brands: o.brand ?? 'all',
      differing_minutes: found.length,
      corrected: o.dryRun ? 0 : found.length - remaining.length,
      correction_totals: o.dryRun ? {} : totals(found),
      remaining: remaining.length,
      differences: found.map((d) => ({ ...d, minute: new Date(d.minute).toISOString() })),
    };
    if (o.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else {
      const lines = [
        `check:rollup: ${report.store}, minutes ${report.from} to ${report.to}, brands: ${Array.isArray(report.brands) ? report.brands.join(', ') : 'all'}`,
        found.length === 0 ? 'the rollup agrees with mentions' : `${found.length} brand/platform/language minutes differed${o.dryRun ? ' (dry run: nothing written)' : `; corrected ${report.corrected}`}`,
        ...found.slice(0, o.limit).map((d) => `  ${describe(d)}`),
        ...(found.length > o.limit ? [`  ... and ${found.length - o.limit} more (--limit, --json)`] : []),
        ...(Object.keys(report.correction_totals).length ? [`correction totals: ${Object.entries(report.correction_totals).map(([m, v]) => `${m} ${v > 0 ? '+' : ''}${round(v)}`).join(', ')}`] : []),
        ...(remaining.length && !o.dryRun ? [`${remaining.length} minutes still differ (see above; authors the rollup has and mentions does not cannot be corrected)`] : []),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    process.exitCode = remaining.length ? 1 : 0;
  } finally {
    await client.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`check:rollup: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
