// Which monitor.yaml to run: --config, then MONITOR_CONFIG, then ./monitor.yaml. Without any, the
// start stops and says how to make one: it used to watch the example's fictional brand silently.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from './temporal-cli.js';

export const EXAMPLE_CONFIG = path.join(PROJECT_ROOT, 'examples', 'monitor.example.yaml');

export class NoConfigError extends Error {
  constructor(readonly looked: string) {
    super(
      [
        `no monitor.yaml: none at ${looked}, and neither --config <file> nor MONITOR_CONFIG was given.`,
        `Make one from the example and edit its brands and sources:`,
        `  cp ${path.relative(process.cwd(), EXAMPLE_CONFIG) || EXAMPLE_CONFIG} monitor.yaml`,
        `or see the whole pipeline run on bundled demo data first: npm run demo`,
      ].join('\n'),
    );
    this.name = 'NoConfigError';
  }
}

export function resolveConfigPath(argv: string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): string {
  const i = argv.indexOf('--config');
  if (i >= 0 && argv[i + 1]) return path.resolve(argv[i + 1]);
  if (env.MONITOR_CONFIG) return path.resolve(env.MONITOR_CONFIG);
  const local = path.resolve('monitor.yaml');
  if (!existsSync(local)) throw new NoConfigError(local);
  return local;
}
