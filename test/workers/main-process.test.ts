// `npm start` as a user runs it: a real process that starts its own Temporal dev server (with
// UI, persisted under data_dir) and embedded ClickHouse, creates the schedules, and on SIGINT
// stops the worker and the dev server cleanly. A malformed config stops it with a precise message.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import axios from 'axios';
import { Client, Connection } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { monitorFolder, runWorker } from '../helpers/worker-process.js';
import { runCli } from '../scripts/run-cli.js';

const run = (configFile: string) => runWorker(['--config', configFile]);

describe('npm start (workers/main.ts)', () => {
  it('runs the monitor on an embedded Temporal dev server and stops cleanly on SIGINT', async () => {
    const { dir, file } = monitorFolder('brand-pulse-main-');
    const p = run(file);
    const [, address] = await p.waitFor(/temporal: embedded Temporal dev server at (\S+) \(UI (\S+)\)/);
    const [, uiUrl] = /\(UI (\S+)\)/.exec(p.output())!;
    await p.waitFor(/running; Ctrl-C stops/);
    expect(p.output()).toMatch(/storage: embedded ClickHouse \(chdb\) in .*data\/clickhouse \(applied \d+ migrations\)/);
    expect(existsSync(path.join(dir, 'data', 'temporal', 'temporal.db'))).toBe(true);
    const ui = await axios.get(uiUrl, { validateStatus: () => true });
    expect(ui.status).toBe(200);

    const connection = await Connection.connect({ address });
    const client = new Client({ connection });
    const ids: string[] = [];
    for await (const s of client.schedule.list()) ids.push(s.scheduleId);
    expect(ids.sort()).toEqual(['detect', 'poll:hn']);
    const poll = await client.schedule.getHandle('poll:hn').describe();
    expect(poll.policies.overlap).toBe('SKIP');
    await connection.close();

    p.child.kill('SIGINT');
    expect(await p.exited).toBe(0);
    expect(p.output()).toMatch(/SIGINT: stopping the worker\.\.\.[\s\S]*stopped/);
    // The dev server went down with it.
    await expect(Connection.connect({ address, connectTimeout: 1000 }).then((c) => c.workflowService.getSystemInfo({}))).rejects.toThrow();
  });

  it('refuses a malformed config with the file, the path in it and what is wrong', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'brand-pulse-main-'));
    const file = path.join(dir, 'monitor.yaml');
    writeFileSync(file, 'brands: [{ id: acme, name: Acme, queries: [acme] }]\nsources: [{ id: hn, type: hackernews, every: often }]\n');
    const p = run(file);
    expect(await p.exited).toBe(2);
    expect(p.output()).toContain(`invalid config ${file}:`);
    expect(p.output()).toContain('sources[0].every: "often" is not a duration');
  });

  it('refuses to start while a secret the config names is unset, naming all of them, before touching the data folder', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'brand-pulse-main-'));
    const file = path.join(dir, 'monitor.yaml');
    writeFileSync(
      file,
      `data_dir: ./data
brands: [{ id: acme, name: Acme, queries: [acme] }]
sources:
  - { id: crm, type: push, secret_env: BP_TEST_CRM_SECRET }
  - { id: shop, type: push, secret_env: BP_TEST_SHOP_SECRET }
`,
    );
    const p = runWorker(['--config', file], { BP_TEST_SHOP_SECRET: '' });
    expect(await p.exited).toBe(2);
    expect(p.output()).toContain(`invalid config ${file}:`);
    expect(p.output()).toContain('sources[0] (crm).secret_env: the environment variable BP_TEST_CRM_SECRET is not set');
    expect(p.output()).toContain('sources[1] (shop).secret_env: the environment variable BP_TEST_SHOP_SECRET is not set');
    // No migration ran, no schedule was made: nothing was started at all.
    expect(existsSync(path.join(dir, 'data'))).toBe(false);
  });

  it('without a monitor.yaml says so and how to make one, and exits 2 (it used to watch the example brand)', () => {
    const r = runCli('workers/main.ts', [], { env: { MONITOR_CONFIG: '' } });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^start: no monitor\.yaml: none at .*monitor\.yaml, and neither --config <file> nor MONITOR_CONFIG was given\./);
    expect(r.stderr).toMatch(/cp \S*examples\/monitor\.example\.yaml monitor\.yaml/);
    expect(r.stderr).toContain('npm run demo');
    expect(r.leftInCwd).toEqual([]);
  });

  it('logs a failing source as one line per failed poll (source, type, reason), with no stack trace', async () => {
    const { dir, file } = monitorFolder('brand-pulse-main-', '{ id: hn-down, type: hackernews, every: 2s, base_url: "http://127.0.0.1:9/api/v1" }');
    const p = run(file);
    await p.waitFor(/running; Ctrl-C stops/);
    const [line] = await p.waitFor(/^\[brand-pulse\] poll of source hn-down \(hackernews\) failed, attempt 1: .*$/m);
    expect(line).toMatch(/127\.0\.0\.1:9|ECONNREFUSED|refused/);
    p.child.kill('SIGINT');
    expect(await p.exited).toBe(0);
    const out = p.output();
    expect(out).not.toMatch(/^\s+at /m);
    expect(out).not.toContain('Activity failed');
    // One line per failure: the failure lines are exactly the poll lines.
    const failures = out.split('\n').filter((l) => /hn-down/.test(l) && /fail/i.test(l));
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.every((l) => l.startsWith('[brand-pulse] poll of source hn-down (hackernews) failed, attempt '))).toBe(true);
  });
});
