// `npm run demo` wipes its data_dir and starts the whole stack: --help and a typo must do neither
// (--help used to do both). DEMO_CONFIG points it at a copy of the demo config with a data_dir of
// its own, so that a regression wipes a temporary directory, not data/demo.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './run-cli.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'demo-usage-'));
const config = path.join(dir, 'monitor.yaml');
writeFileSync(
  config,
  readFileSync(path.join(ROOT, 'examples/demo/monitor.demo.yaml'), 'utf8')
    .replace('data_dir: ../../data/demo', 'data_dir: data')
    .replace('path: mentions.jsonl', `path: ${path.join(ROOT, 'examples/demo/mentions.jsonl')}`)
    .replace('path: ../../data/demo/alerts.jsonl', 'path: data/alerts.jsonl'),
);
const sentinel = path.join(dir, 'data', 'keep.txt');
mkdirSync(path.dirname(sentinel));
writeFileSync(sentinel, 'still here\n');

describe('workers/demo.ts usage', () => {
  it.each([
    { args: ['--help'], status: 0, stdout: /^Usage: demo \[options\]/, stderr: /^$/ },
    { args: ['--bogus'], status: 2, stdout: /^$/, stderr: /^error: unknown option '--bogus'/ },
  ])('$args exits $status without touching data_dir or starting anything', ({ args, status, stdout, stderr }) => {
    const r = runCli('workers/demo.ts', args, { env: { DEMO_CONFIG: config }, timeoutMs: 30_000 });
    expect(r.stderr).toMatch(stderr);
    expect(r.stdout).toMatch(stdout);
    expect(r.status).toBe(status);
    expect(existsSync(sentinel)).toBe(true);
    expect(existsSync(path.join(dir, 'data', 'temporal'))).toBe(false);
    expect(r.leftInCwd).toEqual([]);
  });
});
