// `npm start` as a user runs it: the worker process itself (node with tsx's loader), as a
// supervisor or `docker stop` signals it: the tsx binary would relay the signal through a second
// process, which on a loaded machine sometimes gives up waiting and exits 130 itself.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../workers/temporal-cli.js';

export const WORKER_MAIN = path.join(PROJECT_ROOT, 'workers', 'main.ts');

export function runWorker(args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  const env = { ...process.env, ...extraEnv };
  delete env.TEMPORAL_ADDRESS;
  delete env.CLICKHOUSE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER_MAIN, ...args], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = async (re: RegExp, ms = 90_000) => {
    const end = Date.now() + ms;
    while (!re.test(output)) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${re}; output so far:\n${output}`);
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`process exited (${child.exitCode ?? child.signalCode}) before ${re}:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return re.exec(output)!;
  };
  return { child, exited, waitFor, output: () => output };
}

/** Waits (bounded) until `pid` is no longer a running process; false if it still runs at the end. */
export async function goneWithin(isRunning: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (isRunning()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

/**
 * A temporary folder with a one-brand `monitor.yaml` (data in ./data, the endpoint on a free port)
 * whose one source is `source` (a YAML flow mapping); the polled host is a closed port.
 */
export function monitorFolder(prefix: string, source = '{ id: hn, type: hackernews, every: 1h, base_url: "http://127.0.0.1:9/api/v1" }') {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  const file = path.join(dir, 'monitor.yaml');
  writeFileSync(file, `data_dir: ./data\nserver: { port: 0 }\nbrands: [{ id: acme, name: Acme, queries: [acme] }]\nsources: [${source}]\n`);
  return { dir, file };
}
