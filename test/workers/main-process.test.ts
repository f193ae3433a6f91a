// `npm start` as a user runs it: a real process that starts its own Temporal dev server (with
// UI, persisted under data_dir) and embedded ClickHouse, creates the schedules, and on SIGINT
// stops the worker and the dev server cleanly. A malformed config stops it with a precise message.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import axios from 'axios';
import { Client, Connection } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../workers/temporal-cli.js';

const MAIN = path.join(PROJECT_ROOT, 'workers', 'main.ts');

function run(configFile: string) {
  const env = { ...process.env };
  delete env.TEMPORAL_ADDRESS;
  delete env.CLICKHOUSE_URL;
  // The worker process itself (node with tsx's loader), as a supervisor or `docker stop` signals it:
  // the tsx binary would relay the signal through a second process, which on a loaded machine
  // sometimes gives up waiting and exits 130 itself.
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--config', configFile], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = async (re: RegExp, ms = 90_000) => {
    const end = Date.now() + ms;
    while (!re.test(output)) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${re}; output so far:\n${output}`);
      if (child.exitCode !== null) throw new Error(`process exited (${child.exitCode}) before ${re}:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return re.exec(output)!;
  };
  return { child, exited, waitFor, output: () => output };
}

describe('npm start (workers/main.ts)', () => {
  it('runs the monitor on an embedded Temporal dev server and stops cleanly on SIGINT', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'brand-pulse-main-'));
    const file = path.join(dir, 'monitor.yaml');
    writeFileSync(
      file,
      `data_dir: ./data
server: { port: 0 }
brands: [{ id: acme, name: Acme, queries: [acme] }]
sources: [{ id: hn, type: hackernews, every: 1h, base_url: "http://127.0.0.1:9/api/v1" }]
`,
    );
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
});
