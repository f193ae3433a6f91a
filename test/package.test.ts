// package.json against the code: the Docker image installs `npm ci --omit=dev`, so everything the
// running code imports must be in dependencies, and what nothing imports has no place there.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  /** Installed by `npm ci --omit=dev` too, where the platform allows (the encoder's runtime). */
  optionalDependencies?: Record<string, string>;
};
const installed = { ...pkg.dependencies, ...pkg.optionalDependencies };
/** The code that runs outside tests: the worker and everything it loads, the CLIs, the dashboards builder. */
const PRODUCTION = ['lib', 'activities', 'workflows', 'workers', 'dashboards', 'scripts'];
/** Dependencies nothing imports, and why they are there. */
const NOT_IMPORTED: Record<string, string> = {
  protobufjs: 'one hoisted copy for all @temporalio/* packages (docs/decisions.md)',
  tsx: 'runs the TypeScript (npm start, the CLIs)',
};

/** Package name -> files that import it (static and dynamic imports). */
function packagesImported(dirs: string[]): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(p);
      else if (/\.(ts|mts|js|mjs)$/.test(entry.name)) {
        for (const m of readFileSync(p, 'utf8').matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g)) {
          const spec = m[1];
          if (spec.startsWith('.') || spec.startsWith('node:')) continue;
          const name = spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');
          found.set(name, [...(found.get(name) ?? []), path.relative(ROOT, p)]);
        }
      }
    }
  };
  dirs.forEach((d) => visit(path.join(ROOT, d)));
  return found;
}

describe('package.json', () => {
  const imported = packagesImported(PRODUCTION);

  it('production code imports only dependencies (not devDependencies)', () => {
    const missing = [...imported].filter(([name]) => !(name in installed)).map(([name, files]) => `${name} (${files.join(', ')})`);
    expect(missing).toEqual([]);
  });

  it('every dependency is imported by production code, or says why it is there', () => {
    const unused = Object.keys(installed).filter((name) => !imported.has(name) && !(name in NOT_IMPORTED));
    expect(unused).toEqual([]);
  });

  it('test-only packages are devDependencies', () => {
    const testOnly = [...packagesImported(['test'])].map(([name]) => name).filter((name) => !imported.has(name));
    expect(testOnly.filter((name) => name in pkg.dependencies && !(name in NOT_IMPORTED))).toEqual([]);
    expect(testOnly).toContain('smtp-server');
  });
});
