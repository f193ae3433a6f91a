// npm run --silent sql -- [--param_<name>=<value> ...] [--format <format>] [--config <file> | --data-dir <dir>] [file | -]
// Runs one read-only query (a file, or standard input) on the project's store and prints the
// result: the analyst views of docs/analyst-sql.md on the embedded ClickHouse, which has no
// `clickhouse client` of its own. Parameters are bound, never pasted into the SQL, and are
// written as clickhouse-client writes them (`--param_brand=nimbus` for `{brand:String}`), so a
// query and its command line work the same on a ClickHouse server.
// Storage: CLICKHOUSE_URL when set, else the embedded store in the config's data_dir (which a
// running worker holds open: stop it first, or use --data-dir on a copy). Migrations are applied
// first, so the views exist. Exit 0: printed; 1: the query or the store failed; 2: bad usage.
import type { DataFormat } from '@clickhouse/client';
import { Argument, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { cliProgram, inputFile, parseArgs, usageError } from './lib-cli.js';

const NAME = 'sql';
const FORMATS = ['PrettyCompactMonoBlock', 'TabSeparatedWithNames', 'CSVWithNames', 'JSONEachRow', 'Markdown'] as const;

interface Options {
  format: (typeof FORMATS)[number];
  config?: string;
  dataDir?: string;
}

/** Takes `--param_<name>=<value>` out of argv (commander has no options with a free name). */
function takeParams(argv: string[]): { params: Record<string, string>; rest: string[] } {
  const params: Record<string, string> = {};
  const rest: string[] = [];
  for (const arg of argv) {
    if (!arg.startsWith('--param_')) {
      rest.push(arg);
      continue;
    }
    const m = /^--param_([A-Za-z_]\w*)=(.*)$/s.exec(arg);
    if (!m) usageError(NAME, `"${arg}" is not --param_<name>=<value> (a name of letters, digits and _; see --help)`);
    params[m[1]!] = m[2]!;
  }
  return { params, rest };
}

const { params, rest } = takeParams(process.argv);
const program = cliProgram(NAME, 'Run one read-only query (file or stdin) on the store, parameters bound (docs/analyst-sql.md)')
  .addArgument(new Argument('[file]', 'the query; - for standard input').argParser(inputFile).default('-'))
  .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('PrettyCompactMonoBlock'))
  .option('--config <file>', 'monitor.yaml whose data_dir holds the embedded store (default: MONITOR_CONFIG, ./monitor.yaml, the example)')
  .option('--data-dir <dir>', "data folder of the embedded store (instead of the config's)")
  .addHelpText('after', '\nParameters: --param_<name>=<value> for each {name:Type} in the query, as in clickhouse-client.\nExample: npm run --silent sql -- --param_brand=nimbus q.sql');
const o = parseArgs<Options>(program, rest);
const file = program.processedArgs[0] as string;
const query = readFileSync(file === '-' ? 0 : file, 'utf8').trim().replace(/;\s*$/, '');
if (query === '') usageError(NAME, `no query in ${file === '-' ? 'standard input' : file}`);
const undeclared = Object.keys(params).filter((p) => !new RegExp(`\\{${p}:`).test(query));
if (undeclared.length) usageError(NAME, `--param_${undeclared[0]} is not used by the query (it has no {${undeclared[0]}:Type})`);

async function main(): Promise<void> {
  // The store (and its native engine) is loaded only once the arguments are valid.
  const { openCliStore } = await import('./lib-store.js');
  const { client } = await openCliStore(o);
  try {
    // readonly = 2: the query may not write or change anything (settings of its own stay allowed).
    // The client's format type lists the formats it can parse; this one is only read as text,
    // so ClickHouse's text formats (Pretty, Markdown) are as good.
    const format = o.format as DataFormat;
    const rs = await client.query({ query, format, query_params: params, clickhouse_settings: { readonly: '2' } });
    process.stdout.write(await rs.text());
  } finally {
    await client.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${NAME}: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
