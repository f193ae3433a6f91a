// Which monitor.yaml to run: --config, then MONITOR_CONFIG, then ./monitor.yaml, then the example.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from './temporal-cli.js';

export const EXAMPLE_CONFIG = path.join(PROJECT_ROOT, 'examples', 'monitor.example.yaml');

export function resolveConfigPath(argv: string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): string {
  const i = argv.indexOf('--config');
  if (i >= 0 && argv[i + 1]) return path.resolve(argv[i + 1]);
  if (env.MONITOR_CONFIG) return path.resolve(env.MONITOR_CONFIG);
  const local = path.resolve('monitor.yaml');
  return existsSync(local) ? local : EXAMPLE_CONFIG;
}
