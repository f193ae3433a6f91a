// The Temporal server the process talks to: TEMPORAL_ADDRESS when set, else a local dev
// server (`temporal server start-dev`, web UI on, state persisted in a SQLite file under
// the data folder) that this process starts and stops. Without the CLI and without pip,
// @temporalio/testing's cached download of the same dev server is the fallback.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { ensureTemporalCli } from './temporal-cli.js';
import { pidsWithArgument, stopPid } from './pids.js';
import { watchServerForParentDeath } from './server-watchdog.js';

export interface TemporalServer {
  address: string;
  namespace: string;
  uiUrl?: string;
  /** Describes where Temporal is, for logs. */
  describe: string;
  /** The embedded dev server's process and its parent-death watchdog (undefined when not ours). */
  pid?: number;
  watchdogPid?: number;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  /** Persist history to a file (default true); tests use an in-memory server. */
  persist?: boolean;
  port?: number;
  uiPort?: number;
  ui?: boolean;
  log?: (msg: string) => void;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForFrontend(address: string, child: ChildProcess | undefined, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`temporal dev server exited with code ${child.exitCode}`);
    try {
      const conn = await Connection.connect({ address, connectTimeout: 1000 });
      await conn.workflowService.getSystemInfo({});
      await conn.close();
      return;
    } catch (e) {
      lastError = e;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`Temporal at ${address} did not answer within ${timeoutMs} ms: ${(lastError as Error)?.message}`);
}

// A dev server that exits before it answers is started again on fresh ports: freePort's port can
// be taken by another process before the server binds it, and the server picks internal ports of
// its own. Seen in CI: exit code 2, "Failed to start gRPC listener ... address already in use".
const START_ATTEMPTS = 3;

export async function startEmbeddedTemporal(opts: EmbeddedOptions): Promise<TemporalServer> {
  const log = opts.log ?? ((m: string) => console.error(m));
  mkdirSync(opts.dataDir, { recursive: true });
  const dbFile = path.join(opts.dataDir, 'temporal.db');
  const cli = await ensureTemporalCli(log);
  if (!cli) {
    const port = opts.port ?? (await freePort());
    const uiPort = opts.uiPort ?? (await freePort());
    return startFromTestingPackage({ ...opts, port, uiPort, ui: opts.ui ?? true }, dbFile);
  }
  const persist = opts.persist ?? true;
  if (persist) await stopOrphans(dbFile, log);
  const fixedPorts = opts.port !== undefined || opts.uiPort !== undefined;
  for (let attempt = 1; ; attempt++) {
    try {
      return await startDevServer(cli, opts, dbFile);
    } catch (e) {
      if (!(e instanceof EarlyExit) || fixedPorts || attempt >= START_ATTEMPTS) throw e;
      log(`${e.message}; starting it again on new ports (attempt ${attempt + 1} of ${START_ATTEMPTS})`);
      await new Promise((r) => setTimeout(r, 500 * attempt));
    }
  }
}

class EarlyExit extends Error {}

async function startDevServer(cli: string, opts: EmbeddedOptions, dbFile: string): Promise<TemporalServer> {
  const port = opts.port ?? (await freePort());
  const ui = opts.ui ?? true;
  const uiPort = opts.uiPort ?? (await freePort());
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--log-level', 'error'];
  if (opts.persist ?? true) args.push('--db-filename', dbFile);
  if (ui) args.push('--ui-port', String(uiPort), '--ui-disable-news-fetch');
  else args.push('--headless');
  const logPath = path.join(opts.dataDir, 'temporal-server.log');
  const logFile = openSync(logPath, 'a');
  const logStart = statSync(logPath).size;
  const child = spawn(cli, args, { stdio: ['ignore', logFile, logFile] });
  closeSync(logFile);
  const watchdogPid = child.pid ? watchServerForParentDeath(child.pid) : undefined;
  const address = `127.0.0.1:${port}`;
  try {
    await waitForFrontend(address, child, 60_000);
  } catch (e) {
    child.kill('SIGKILL');
    const said = reasonInLog(logPath, logStart);
    const message = `${(e as Error).message}${said ? `: ${said}` : ''} (see ${logPath})`;
    throw child.exitCode !== null ? new EarlyExit(message) : new Error(message);
  }
  const uiUrl = ui ? `http://127.0.0.1:${uiPort}` : undefined;
  return {
    address,
    namespace: 'default',
    uiUrl,
    describe: `embedded Temporal dev server at ${address}${uiUrl ? ` (UI ${uiUrl})` : ''}`,
    pid: child.pid,
    watchdogPid,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Why the server stopped, from what it wrote since `from`: its first error line (a panic's stack
 * trace follows the cause it logged), else its last line; cut to 300 characters.
 */
function reasonInLog(logPath: string, from: number): string | undefined {
  try {
    const lines = readFileSync(logPath).subarray(from).toString('utf8').split('\n').map((l) => l.trim()).filter(Boolean);
    return (lines.find((l) => /^(Error:|panic:)|level=ERROR/.test(l)) ?? lines.at(-1))?.slice(0, 300);
  } catch {
    return undefined;
  }
}

/**
 * Dev servers still running on this SQLite file, left by a worker that died with its watchdog:
 * a second server on the same file fails with SQLITE_BUSY and runs the same schedules twice.
 * The caller holds the data folder's lock, so no live worker owns them.
 */
async function stopOrphans(dbFile: string, log: (m: string) => void): Promise<void> {
  for (const pid of pidsWithArgument(dbFile)) {
    log(`stopping an orphaned Temporal dev server (pid ${pid}) left on ${dbFile}`);
    await stopPid(pid);
  }
}

async function startFromTestingPackage(opts: EmbeddedOptions & { port: number; uiPort: number }, dbFile: string): Promise<TemporalServer> {
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      ip: '127.0.0.1',
      port: opts.port,
      ui: opts.ui,
      uiPort: opts.uiPort,
      dbFilename: opts.persist === false ? undefined : dbFile,
      executable: { type: 'cached-download' },
    },
  });
  const address = `127.0.0.1:${opts.port}`;
  return {
    address,
    namespace: 'default',
    uiUrl: opts.ui ? `http://127.0.0.1:${opts.uiPort}` : undefined,
    describe: `embedded Temporal dev server (@temporalio/testing download) at ${address}`,
    stop: () => env.teardown(),
  };
}

/** TEMPORAL_ADDRESS when set (nothing to stop), else an embedded dev server. */
export async function connectOrStartTemporal(opts: EmbeddedOptions): Promise<TemporalServer> {
  const address = process.env.TEMPORAL_ADDRESS;
  if (address) {
    await waitForFrontend(address, undefined, 30_000);
    const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';
    return { address, namespace, describe: `Temporal server at ${address} (namespace ${namespace})`, stop: async () => undefined };
  }
  return startEmbeddedTemporal(opts);
}
