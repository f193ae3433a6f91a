// The queue CLI on an embedded store seeded in another process: list (text, --state, --json),
// assign, dismiss, reopen, and a mention with no item (exit 1).
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'queue-cli-'));
const queue = (...args: string[]) => runCli('scripts/queue.ts', [...args, '--data-dir', dataDir], { env: { CLICKHOUSE_URL: '' } });

describe('npm run queue', () => {
  beforeAll(() => {
    const seeded = runCli('test/scripts/queue-seed.ts', [dataDir], { env: { CLICKHOUSE_URL: '' } });
    expect(seeded.stderr.replace(/^sentiment: .*\n/gm, '')).toBe('');
    expect(seeded.status).toBe(0);
  }, 120_000);

  it('lists the items with state, age and first response', () => {
    const r = queue('list');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^2 item\(s\)\n/);
    expect(r.stdout).toMatch(/^x:1 {2}acme {2}answered {2}age \S+ {2}first response 45m$/m);
    expect(r.stdout).toMatch(/^x:2 {2}acme {2}open {2}age \S+ {2}first response -$/m);
    const open = queue('list', '--state', 'open', '--json');
    expect(open.stdout.trim().split('\n').map((l) => JSON.parse(l))).toMatchObject([{ mention_id: 'x:2', state: 'open', first_response_seconds: null }]);
  }, 60_000);

  it('assigns, dismisses and reopens an item', () => {
    expect(queue('x:2', 'assign', '--to', 'Noa').stdout).toBe('x:2  acme  assigned (Noa)\n');
    expect(queue('list', '--state', 'assigned').stdout).toMatch(/^x:2 {2}acme {2}assigned \(Noa\)/m);
    expect(queue('x:2', 'dismiss').stdout).toBe('x:2  acme  dismissed (Noa)\n');
    expect(queue('x:2', 'reopen').stdout).toBe('x:2  acme  open\n');
  }, 60_000);

  it('says so and exits 1 for a mention with no item', () => {
    const r = queue('x:404', 'dismiss');
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('queue: no reply queue item for mention "x:404"\n');
  }, 60_000);
});
