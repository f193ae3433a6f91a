// Builds every dashboard and writes dashboards/generated/*.json.
//   npm run dashboards           write the files
//   npm run dashboards:check     exit 1 if a committed file is missing, stale or extra
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cliProgram, parseArgs } from '../scripts/lib-cli.js';
import { buildDashboards, GENERATED_DIR, renderDashboard } from './all.js';

const { check } = parseArgs<{ check?: boolean }>(
  cliProgram('dashboards', 'Build every Grafana dashboard into dashboards/generated/*.json').option(
    '--check',
    'write nothing; exit 1 if a committed file is missing, stale or extra',
  ),
);
const files = buildDashboards();
const problems: string[] = [];

if (!check) mkdirSync(GENERATED_DIR, { recursive: true });
for (const { file, dashboard } of files) {
  const target = path.join(GENERATED_DIR, file);
  const json = renderDashboard(dashboard);
  if (check) {
    if (!existsSync(target)) problems.push(`${file} is missing`);
    else if (readFileSync(target, 'utf8') !== json) problems.push(`${file} is stale`);
  } else {
    writeFileSync(target, json);
    console.log(`wrote ${path.relative(process.cwd(), target)} (${dashboard.title}, uid ${dashboard.uid})`);
  }
}

const expected = new Set(files.map((f) => f.file));
const extra = existsSync(GENERATED_DIR) ? readdirSync(GENERATED_DIR).filter((f) => f.endsWith('.json') && !expected.has(f)) : [];
for (const f of extra) problems.push(`${f} is not built by any dashboard (delete it)`);

if (problems.length > 0) {
  console.error(`dashboards/generated is out of date:\n  ${problems.join('\n  ')}\nRun: npm run dashboards`);
  process.exit(1);
}
if (check) console.log(`dashboards/generated is up to date (${files.length} dashboards)`);
