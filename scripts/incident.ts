// npm run incident -- <incident-id> ack|assign|note|resolve|false-positive|mute|unmute [--to NAME] [--text T] [--for 2h] [--reason R] [--by NAME] [--brand ID]
// Acts on a running incident as the alert links do (lib/pipeline/incident-actions.ts): signals its
// workflow on the Temporal server at TEMPORAL_ADDRESS (default localhost:7233). The brand comes
// from --brand, else from the incident id (brand-YYYYMMDDTHHMMSSZ), else from the incidents table
// (CLICKHOUSE_URL, or the embedded store of --config's data_dir).
// Exit 0: the action was sent; 1: the incident is not open (or Temporal failed); 2: bad usage.
import { Argument } from 'commander';
import { INCIDENT_ACTIONS, type IncidentActionName, type IncidentActionRequest } from '../lib/pipeline/incident-actions.js';
import { cliProgram, duration, parseArgs } from './lib-cli.js';

const NAME = 'incident';

interface Options {
  to?: string;
  text?: string;
  for?: number;
  reason?: string;
  by: string;
  brand?: string;
  config?: string;
}

function parse(argv: string[]): { incidentId: string; request: IncidentActionRequest; brand?: string; config?: string } {
  const program = cliProgram(NAME, 'Act on an incident: acknowledge, assign, note, resolve, mark not an incident, mute or unmute the brand')
    .argument('<incident-id>', 'the incident (as in the alerts and the incidents table)')
    .addArgument(new Argument('<action>', 'what to do').choices(INCIDENT_ACTIONS))
    .option('--to <name>', 'assign: the person to assign')
    .option('--text <text>', 'note: the note')
    .option('--for <duration>', 'mute: how long (e.g. 2h, 1d)', duration)
    .option('--reason <text>', 'resolve, false-positive: why')
    .option('--by <name>', 'who acts, as the history records it (default: $USER)', process.env.USER || undefined)
    .option('--brand <id>', 'the brand (default: read from the incident id)')
    .option('--config <file>', 'monitor.yaml whose data_dir holds the embedded store (for the brand lookup)');
  const o = parseArgs<Options>(program, argv);
  const [incidentId, action] = program.args as [string, IncidentActionName];
  // Reported as commander reports bad usage: "error: ...", the pointer to --help, exit 2.
  const refuse = (message: string): never => program.error(`error: ${message}`);
  const need = (value: string | undefined, option: string) => value?.trim() || refuse(`${action} needs ${option}`);
  const by = need(o.by, '--by');
  const request: IncidentActionRequest = (() => {
    switch (action) {
      case 'ack':
      case 'unmute':
        return { action, by };
      case 'assign':
        return { action, to: need(o.to, '--to <name>'), by };
      case 'note':
        return { action, text: need(o.text, '--text <text>'), by };
      case 'resolve':
      case 'false-positive':
        return { action, by, reason: o.reason };
      case 'mute':
        if (!o.for) refuse('mute needs --for <duration> longer than 0');
        return { action, forMs: o.for, by };
    }
  })();
  return { incidentId, request, brand: o.brand, config: o.config };
}

/** The brand from the incidents table (when the id does not name it). */
async function brandFromTable(incidentId: string, configPath?: string): Promise<string | undefined> {
  const [{ loadConfig }, { resolveConfigPath }, { createStore, tableExists }, { findIncident }] = await Promise.all([
    import('../lib/config/load.js'),
    import('../workers/config-path.js'),
    import('../lib/store/clickhouse.js'),
    import('../lib/store/incident-lookup.js'),
  ]);
  const url = process.env.CLICKHOUSE_URL;
  const dataDir = loadConfig(resolveConfigPath(configPath ? ['--config', configPath] : [])).data_dir;
  const { client } = createStore({ url, dataDir });
  try {
    // A store nothing has run on has no incidents table: the incident is unknown, not a query error.
    if (!(await tableExists(client, 'incidents'))) return undefined;
    return (await findIncident(client, incidentId))?.brand;
  } finally {
    await client.close();
  }
}

async function main(): Promise<void> {
  const args = parse(process.argv);
  // Temporal is loaded and connected only once the arguments are valid.
  const [{ Client, Connection }, { sendIncidentAction }, { brandOfIncidentId, taskQueueOf }, { deploymentId }] = await Promise.all([
    import('@temporalio/client'),
    import('../lib/pipeline/incident-actions.js'),
    import('../lib/contract/ids.js'),
    import('../workers/schedules.js'),
  ]);
  const brand = args.brand ?? brandOfIncidentId(args.incidentId) ?? (await brandFromTable(args.incidentId, args.config));
  if (!brand) {
    process.stderr.write(`${NAME}: no incident ${args.incidentId} in the incidents table (give --brand)\n`);
    process.exit(1);
  }
  const address = process.env.TEMPORAL_ADDRESS ?? 'localhost:7233';
  const connection = await Connection.connect({ address }).catch((e: unknown) => {
    throw new Error(`cannot reach Temporal at ${address} (TEMPORAL_ADDRESS): ${(e as Error).message}`);
  });
  try {
    const sent = await sendIncidentAction(new Client({ connection }), brand, args.incidentId, args.request, taskQueueOf(deploymentId()));
    if (!sent.ok) {
      process.stderr.write(`${NAME}: ${sent.message}\n`);
      process.exitCode = 1;
      return;
    }
    process.stdout.write(
      'lifted' in sent
        ? `${NAME}: the mute of ${brand} is lifted (it outlived incident ${sent.lifted.join(', ')})\n`
        : `${NAME}: ${args.request.action} sent to incident ${args.incidentId} of ${brand}\n`,
    );
  } finally {
    await connection.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${NAME}: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
