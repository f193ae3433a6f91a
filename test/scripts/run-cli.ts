// Runs a CLI as a user does (node + tsx) in a fresh working directory of its own, so that a file
// written relative to the working directory (a "--help" file...) shows; and snapshots the files the
// CLIs write by default, so that a run which should write nothing can be checked against them.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect } from 'vitest';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// The loader by its path: `--import tsx` would be resolved from the (temporary) working directory.
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
  /** What the run left in its working directory. */
  leftInCwd: string[];
}

export function runCli(script: string, args: string[], opts: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {}): CliRun {
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'cli-cwd-'));
  const r = spawnSync(process.execPath, ['--import', TSX, path.join(ROOT, script), ...args], {
    cwd,
    encoding: 'utf8',
    input: opts.input ?? '',
    env: { ...process.env, ...opts.env },
    timeout: opts.timeoutMs ?? 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, leftInCwd: readdirSync(cwd) };
}

/** runCli without blocking the test's event loop: for a CLI that talks to a worker running in the test. */
export function runCliAsync(script: string, args: string[], opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CliRun> {
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'cli-cwd-'));
  const child = spawn(process.execPath, ['--import', TSX, path.join(ROOT, script), ...args], { cwd, env: { ...process.env, ...opts.env }, timeout: opts.timeoutMs ?? 60_000 });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  child.stdin.end();
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr, leftInCwd: readdirSync(cwd) }));
  });
}

/** Where the CLIs write when not told otherwise (demo data, models, benchmark report, dashboards). */
const DEFAULT_OUTPUTS = ['examples/demo', 'lib/analysis/models', 'docs', 'dashboards/generated'];

/** In a describe block: its runs leave every file in the default output directories as it was. */
export function expectDefaultOutputsUntouched(): void {
  let before: Record<string, string>;
  beforeAll(() => {
    before = defaultOutputs();
  });
  afterAll(() => {
    expect(defaultOutputs()).toEqual(before);
  });
}

/** Size and modification time of every file in the default output directories. */
function defaultOutputs(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const dir of DEFAULT_OUTPUTS) {
    for (const f of readdirSync(path.join(ROOT, dir))) {
      const s = statSync(path.join(ROOT, dir, f));
      out[`${dir}/${f}`] = `${s.size} ${s.mtimeMs}`;
    }
  }
  return out;
}
