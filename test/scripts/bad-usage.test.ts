// Bad usage exits 2 with a message on stderr that names the option (or argument) and the value,
// no stack trace, and nothing written: no output, no file.
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectDefaultOutputsUntouched, runCli } from './run-cli.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'bad-usage-'));
const csv = path.join(dir, 'series.csv');
writeFileSync(csv, 'timestamp,value\n2025-01-01T00:00:00Z,1\n');
const jsonl = path.join(dir, 'mentions.jsonl');
writeFileSync(jsonl, '{"id":"x:1","text":"hello"}\n');
const yaml = path.join(dir, 'monitor.yaml');
writeFileSync(yaml, 'brands: []\n');
/** Where a run that is refused must not write. */
const out = path.join(dir, 'out');

// One or two per CLI: the parsers' messages are tested one by one in lib-cli.test.ts.
const CASES: { name: string; script: string; args: string[]; says: RegExp }[] = [
  { name: 'analyze: a file that does not exist', script: 'scripts/analyze.ts', args: [path.join(dir, 'none.jsonl')], says: /argument 'file'.*No such file: .*none\.jsonl/ },
  {
    name: 'detect --sensitivity abc (it used to score every row 0)',
    script: 'scripts/detect.ts',
    args: ['--input', csv, '--sensitivity', 'abc'],
    says: /option '--sensitivity <n>' argument 'abc' is invalid\. Expected a number > 0\./,
  },
  {
    name: 'backtest --late soon (it used to die with a stack trace), --scores not created',
    script: 'scripts/backtest.ts',
    args: ['--config', yaml, '--input', jsonl, '--scores', out, '--late', 'soon'],
    says: /option '--late <duration>' argument 'soon' is invalid\. "soon" is not a duration/,
  },
  {
    name: 'backtest --order random',
    script: 'scripts/backtest.ts',
    args: ['--config', yaml, '--input', jsonl, '--scores', out, '--order', 'random'],
    says: /option '--order <order>' argument 'random' is invalid\. Allowed choices are created_at, file\./,
  },
  {
    name: 'train-sentiment --cv 1 (it used to train and write the models)',
    script: 'scripts/train-sentiment.ts',
    args: ['--data', dir, '--out', out, '--cv', '1'],
    says: /option '--cv <k>' argument '1' is invalid\. Expected an integer ≥ 2\./,
  },
  {
    name: 'train-sentiment --set with an unknown setting',
    script: 'scripts/train-sentiment.ts',
    args: ['--data', dir, '--out', out, '--set', '{"l3":1}'],
    says: /option '--set <json>' argument '\{"l3":1\}' is invalid\. unknown setting l3/,
  },
  {
    name: 'bench-analysis --out in a missing directory',
    script: 'scripts/bench-analysis.ts',
    args: ['--data', dir, '--out', path.join(out, 'report.md')],
    says: /option '--out <file>'.*No such directory/,
  },
  {
    name: 'bench-phrases --negative 0',
    script: 'scripts/bench-phrases.ts',
    args: ['--data', dir, '--negative', '0'],
    says: /option '--negative <n>' argument '0' is invalid\. Expected an integer ≥ 1\./,
  },
  {
    name: 'bench-crisis --days 4',
    script: 'scripts/bench-crisis.ts',
    args: ['--days', '4'],
    says: /option '--days <n>' argument '4' is invalid\. Expected an integer ≥ 7 and ≤ 365\./,
  },
  {
    name: 'bench-crisis --detection with an unknown setting',
    script: 'scripts/bench-crisis.ts',
    args: ['--detection', '{"false_alarms_per_weak": 1}', '--sentiment', dir],
    says: /option '--detection <json>' argument .* is invalid\. .*Unrecognized key: "false_alarms_per_weak"/,
  },
  { name: 'make-demo-data into a missing directory', script: 'scripts/make-demo-data.ts', args: [path.join(out, 'mentions.jsonl')], says: /argument 'out'.*No such directory/ },
  {
    name: 'export-normalized --out a file',
    script: 'scripts/experiments/export-normalized.ts',
    args: ['--data', dir, '--out', csv],
    says: /option '--out <dir>'.*is a file, not a directory/,
  },
  { name: 'start --conf (it used to start on the example config)', script: 'workers/main.ts', args: ['--conf', yaml], says: /unknown option '--conf'\n\(Did you mean --config\?\)/ },
  {
    name: 'start --config of a file that does not exist',
    script: 'workers/main.ts',
    args: ['--config', path.join(dir, 'none.yaml')],
    says: /option '--config <file>' argument .* is invalid\. No such file: .*none\.yaml/,
  },
  { name: 'demo --fast (it would wipe and start before)', script: 'workers/demo.ts', args: ['--fast'], says: /unknown option '--fast'/ },
  { name: 'queue list --state closed', script: 'scripts/queue.ts', args: ['list', '--state', 'closed'], says: /option '--state <state>' argument 'closed' is invalid\. Allowed choices are open, assigned, answered, dismissed\./ },
  { name: 'queue <id> assign without --to', script: 'scripts/queue.ts', args: ['x:1', 'assign'], says: /error: assign needs --to <name>/ },
  { name: 'queue <id> close (unknown action)', script: 'scripts/queue.ts', args: ['x:1', 'close'], says: /error: unknown action "close" \(one of assign, dismiss, reopen/ },
  { name: 'dashboards --chek', script: 'dashboards/index.ts', args: ['--chek'], says: /unknown option '--chek'\n\(Did you mean --check\?\)/ },
  { name: 'sql --format Pretty', script: 'scripts/sql.ts', args: ['--data-dir', out, '--format', 'Pretty'], says: /option '--format <format>' argument 'Pretty' is invalid\. Allowed choices are/ },
  { name: 'build-query --chek (it must not write the parser)', script: 'scripts/build-query.ts', args: ['--chek'], says: /unknown option '--chek'\n\(Did you mean --check\?\)/ },
  {
    name: 'incident: an action it does not know',
    script: 'scripts/incident.ts',
    args: ['acme-20261122T100000Z', 'close'],
    says: /argument 'action'.*Allowed choices are ack, assign, note, resolve, false-positive, mute, unmute\./,
  },
  { name: 'bench:tick --mentions 10', script: 'scripts/bench-tick.ts', args: ['--mentions', '10'], says: /option '--mentions <n>' argument '10' is invalid/ },
  { name: 'incident mute --for soon', script: 'scripts/incident.ts', args: ['acme-20261122T100000Z', 'mute', '--for', 'soon'], says: /option '--for <duration>' argument 'soon' is invalid/ },
  { name: 'incident assign without --to', script: 'scripts/incident.ts', args: ['acme-20261122T100000Z', 'assign', '--by', 'dana'], says: /assign needs --to <name>/ },
];

describe('bad usage', () => {
  expectDefaultOutputsUntouched();
  afterAll(() => {
    expect(readdirSync(dir).sort()).toEqual(['mentions.jsonl', 'monitor.yaml', 'series.csv']);
  });

  it.each(CASES)('$name: exits 2 and says why', ({ script, args, says }) => {
    const r = runCli(script, args);
    expect(r.stderr).toMatch(says);
    expect(r.stderr).toMatch(/^error: /);
    expect(r.stderr).toMatch(/run \S+ --help for usage/);
    expect(r.stderr).not.toMatch(/^\s+at /m); // no stack trace
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.leftInCwd).toEqual([]);
  });
});
