// Every CLI answers --help on stdout with exit 0, lists the options the docs use, and does
// nothing else: no file read as "--help", none written (in its working directory or where it
// writes by default).
import { describe, expect, it } from 'vitest';
import { expectDefaultOutputsUntouched, runCli } from './run-cli.js';

// The options as README.md ("Tools for analysts"), docs/detection.md, docs/analysis.md and
// docs/dashboards.md spell them.
const CLIS: { script: string; name: string; options: string[] }[] = [
  { script: 'scripts/analyze.ts', name: 'analyze', options: [] }, // it used to read a file called --help
  { script: 'scripts/detect.ts', name: 'detect', options: ['--input', '--sensitivity', '--min-value', '--direction', '--report'] },
  { script: 'scripts/backtest.ts', name: 'backtest', options: ['--config', '--input', '--late', '--phrases', '--scores', '--order', '--explain'] },
  { script: 'scripts/train-sentiment.ts', name: 'train-sentiment', options: ['--lang', '--data', '--out', '--search', '--cv', '--set'] },
  { script: 'scripts/bench-analysis.ts', name: 'bench-analysis', options: ['--data', '--out'] },
  { script: 'scripts/bench-phrases.ts', name: 'bench-phrases', options: ['--data', '--negative', '--baseline', '--rounds', '--seed'] },
  {
    script: 'scripts/bench-crisis.ts',
    name: 'bench-crisis',
    options: ['--seed', '--streams', '--control-streams', '--days', '--warmup', '--waves', '--decoys', '--oracle-fa', '--classifier', '--sentiment', '--detection', '--trace', '--json'],
  },
  { script: 'scripts/bench-nab.ts', name: 'bench-nab', options: ['--nab', '--scorer', '--out', '--json'] },
  { script: 'scripts/csv-passthrough.ts', name: 'csv-passthrough', options: ['--input'] },
  { script: 'scripts/bench-calibration.ts', name: 'bench-calibration', options: ['--target', '--seeds', '--days'] },
  { script: 'scripts/bench-tick.ts', name: 'bench-tick', options: ['--mentions', '--brands', '--days', '--ticks', '--ids', '--store'] },
  { script: 'scripts/make-demo-data.ts', name: 'make-demo-data', options: [] }, // it used to write a 902 KB file called --help
  { script: 'scripts/experiments/export-normalized.ts', name: 'export-normalized', options: ['--data', '--out'] },
  { script: 'dashboards/index.ts', name: 'dashboards', options: ['--check'] },
  { script: 'scripts/sql.ts', name: 'sql', options: ['--format', '--config', '--data-dir'] },
  { script: 'scripts/build-query.ts', name: 'build-query', options: ['--check'] },
  { script: 'scripts/incident.ts', name: 'incident', options: ['--to', '--text', '--for', '--reason', '--by', '--brand', '--config'] },
  { script: 'workers/main.ts', name: 'start', options: ['--config'] }, // it used to start the worker
  { script: 'workers/demo.ts', name: 'demo', options: [] },
  { script: 'scripts/queue.ts', name: 'queue', options: ['--brand', '--state', '--to', '--json', '--limit', '--config', '--data-dir'] },
];

describe('--help', () => {
  expectDefaultOutputsUntouched();

  it.each(CLIS)('$script prints its usage and exits 0, writing nothing', ({ script, name, options }) => {
    const r = runCli(script, ['--help']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Usage: ${name} `));
    expect([...r.stdout.matchAll(/^ {2}(--[a-z-]+)/gm)].map((m) => m[1])).toEqual(options);
    expect(r.stdout).toContain('-h, --help');
    expect(r.leftInCwd).toEqual([]);
  });
});
