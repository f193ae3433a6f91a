// npm run queue -- list [--brand <id>] [--state open|assigned|answered|dismissed] [--json]
// npm run queue -- <mention-id> assign --to <name> | dismiss | reopen [--brand <id>]
// The reply queue (docs/care-queue.md): list its items with their age and first response, or
// change one mention's item (one per brand, or the one of --brand).
// Exit 0: done; 1: no such item, or the store failed; 2: bad usage.
// Storage: CLICKHOUSE_URL when set, else the embedded store in the config's data_dir (which a
// running worker holds open: stop it first, or use the signed links of the worker's endpoint).
import { Option, type Command } from 'commander';
import { QUEUE_ACTIONS, QUEUE_STATES, type QueueAction, type QueueState } from '../lib/care/queue-rules.js';
import { cliProgram, numberIn, parseArgs as parseProgram } from './lib-cli.js';

interface Options {
  brand?: string;
  state?: QueueState;
  to?: string;
  json?: boolean;
  limit: number;
  config?: string;
  dataDir?: string;
}

type Task = { kind: 'list'; o: Options } | { kind: 'act'; mentionId: string; action: QueueAction; o: Options };

function parseArgs(argv: string[]): Task {
  const program: Command = cliProgram('queue', 'List the reply queue, or assign, dismiss or reopen the item of a mention')
    .argument('<list|mention-id>', '"list", or the id of the mention whose item changes (as listed: x:1799...)')
    .argument('[action]', `with a mention id: ${QUEUE_ACTIONS.join(', ')}`)
    .option('--brand <id>', 'only this brand')
    .addOption(new Option('--state <state>', 'list: only items in this state').choices(QUEUE_STATES))
    .option('--to <name>', 'assign: the person who takes the item')
    .option('--json', 'list: print JSON lines')
    .option('--limit <n>', 'list: items shown at most', numberIn({ min: 1, integer: true }), 200)
    .option('--config <file>', 'monitor.yaml whose data_dir holds the embedded store (default: MONITOR_CONFIG, ./monitor.yaml, the example)')
    .option('--data-dir <dir>', "data folder of the embedded store (instead of the config's)");
  const o = parseProgram<Options>(program, argv);
  const [target, action] = program.args;
  if (target === 'list') {
    if (action !== undefined) program.error(`error: list takes no action (got "${action}")`);
    if (o.to !== undefined) program.error(`error: --to goes with assign, not list`);
    return { kind: 'list', o };
  }
  if (action === undefined) program.error(`error: what to do with ${target}? one of ${QUEUE_ACTIONS.join(', ')}`);
  if (o.state !== undefined || o.json) program.error(`error: --state and --json go with list`);
  if (action === 'assign') {
    if (!o.to?.trim()) program.error(`error: assign needs --to <name>`);
    return { kind: 'act', mentionId: target, action: { kind: 'assign', to: o.to! }, o };
  }
  if (action === 'dismiss' || action === 'reopen') {
    if (o.to !== undefined) program.error(`error: --to goes with assign, not ${action}`);
    return { kind: 'act', mentionId: target, action: { kind: action }, o };
  }
  return program.error(`error: unknown action "${action}" (one of ${QUEUE_ACTIONS.join(', ')})`);
}

const duration = (s: number | null) => {
  if (s === null || s === undefined) return '-';
  const m = Math.round(s / 60);
  return m < 60 ? `${m}m` : m < 48 * 60 ? `${(m / 60).toFixed(1)}h` : `${(m / 1440).toFixed(1)}d`;
};

async function main(): Promise<void> {
  const cmd = parseArgs(process.argv);
  // The store (and its native engine) is loaded only once the arguments are valid.
  const [{ openCliStore }, repo] = await Promise.all([import('./lib-store.js'), import('../lib/store/queue-repo.js')]);
  const { o } = cmd;
  const { client } = await openCliStore(o);
  try {
    if (cmd.kind === 'list') {
      const items = await repo.listQueue(client, { brand: o.brand, state: o.state, limit: o.limit });
      if (o.json) for (const i of items) process.stdout.write(`${JSON.stringify(i)}\n`);
      else {
        process.stdout.write(`${items.length} item(s)${o.brand ? ` of ${o.brand}` : ''}${o.state ? `, ${o.state}` : ''}\n`);
        for (const i of items) {
          process.stdout.write(
            `${i.mention_id}  ${i.brand}  ${i.state}${i.assignee ? ` (${i.assignee})` : ''}  age ${duration(i.age_seconds)}  first response ${duration(i.first_response_seconds)}\n`,
          );
        }
      }
      return;
    }
    try {
      const items = await repo.actOnItem(client, cmd.mentionId, cmd.action, { brand: o.brand });
      for (const i of items) process.stdout.write(`${i.mention_id}  ${i.brand}  ${i.state}${i.assignee ? ` (${i.assignee})` : ''}\n`);
    } catch (e) {
      if (!(e instanceof repo.QueueItemNotFound)) throw e;
      process.stderr.write(`queue: ${e.message}\n`);
      process.exitCode = 1;
    }
  } finally {
    await client.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`queue: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
