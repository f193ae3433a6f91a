// `npm run incident` with an id that does not name its brand looks the brand up in the store: a
// store nothing has run on (no incidents table) means "no such incident", exit 1, not a query error.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

describe('incident CLI: the brand lookup', () => {
  it('an unknown incident in a store with no incidents table is reported as unknown, exit 1', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'incident-lookup-'));
    const config = path.join(dir, 'monitor.yaml');
    writeFileSync(config, `data_dir: ${JSON.stringify(path.join(dir, 'data'))}\nbrands:\n  - { id: acme, name: Acme, queries: [acme] }\nsources:\n  - { id: hn, type: hackernews }\n`);
    const r = runCli('scripts/incident.ts', ['not-a-brand-id', 'ack', '--by', 'dana', '--config', config], { env: { CLICKHOUSE_URL: '' } });
    expect(r.stderr).toBe('incident: no incident not-a-brand-id in the incidents table (give --brand)\n');
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
  });
});
