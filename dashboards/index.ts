// Builds every dashboard and writes dashboards/generated/*.json.
//   npm run dashboards           write the files
//   npm run dashboards:check     exit 1 if a committed file is missing, stale or extra
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { buildDashboards, GENERATED_DIR, renderDashboard } from './all.js';

const { check } = new Command()
  .name('dashboards')
  .description(`Build the Grafana dashboards into ${path.relative(process.cwd(), GENERATED_DIR)}/`)
  .option('--check', 'write nothing; fail if a committed file differs from a fresh build', false)
  .exitOverride((e) => process.exit(e.exitCode === 0 ? 0 : 2)) // bad usage: exit 2
  .parse()
  .opts<{ check: boolean }>();

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
