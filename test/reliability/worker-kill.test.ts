// Case 5: a worker killed with kill -9 leaves no embedded Temporal dev server behind (its
// watchdog stops it; if the watchdog died too, the next start stops the orphan), and a second
// worker on the same data folder is refused while the first runs. Real worker processes.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCK_FILE, type LockRecord } from '../../workers/data-lock.js';
import { isRunning } from '../../workers/pids.js';
import { goneWithin, monitorFolder, runWorker } from '../helpers/worker-process.js';

function lockedFolder() {
  const { dir, file } = monitorFolder('brand-pulse-kill-');
  const lock = () => JSON.parse(readFileSync(path.join(dir, 'data', LOCK_FILE), 'utf8')) as LockRecord;
  return { dir, file, lock, lockExists: () => existsSync(path.join(dir, 'data', LOCK_FILE)) };
}

async function startedWorker(file: string) {
  const w = runWorker(['--config', file]);
  await w.waitFor(/running; Ctrl-C stops/);
  return w;
}

describe('case 5: a killed worker and its embedded dev server', () => {
  it('refuses a second worker on the folder, and kill -9 of the first takes its dev server down', async () => {
    const m = lockedFolder();
    const first = await startedWorker(m.file);
    const held = m.lock();
    expect(held.workerPid).toBe(first.child.pid);
    expect(held.serverPid && isRunning(held.serverPid)).toBe(true);
    expect(held.address).toMatch(/^127\.0\.0\.1:\d+$/);

    const second = runWorker(['--config', m.file]);
    expect(await second.exited).toBe(2);
    expect(second.output()).toContain(`another brand-pulse worker (pid ${first.child.pid}) is using ${path.join(m.dir, 'data')}; stop it first`);
    // Refused before it touched anything: the first still runs and still holds the lock.
    expect(second.output()).not.toMatch(/storage:|temporal:/);
    expect(m.lock()).toEqual(held);
    expect(isRunning(held.serverPid!)).toBe(true);

    first.child.kill('SIGKILL');
    await first.exited;
    expect(await goneWithin(() => isRunning(held.serverPid!), 20_000)).toBe(true);
    expect(await goneWithin(() => isRunning(held.watchdogPid!), 5_000)).toBe(true);

    // The next start takes over the stale lock and runs; a clean stop removes the lock.
    const third = await startedWorker(m.file);
    expect(third.output()).toContain(`the previous worker (pid ${first.child.pid}) on ${path.join(m.dir, 'data')} ended without stopping; taking over its lock`);
    const next = m.lock();
    expect(next.workerPid).toBe(third.child.pid);
    third.child.kill('SIGINT');
    expect(await third.exited).toBe(0);
    expect(m.lockExists()).toBe(false);
    expect(isRunning(next.serverPid!)).toBe(false);
  });

  it('stops a dev server orphaned with its watchdog before starting a new one on the same file', async () => {
    const m = lockedFolder();
    const first = await startedWorker(m.file);
    const held = m.lock();
    // The worst case: the watchdog is killed too (as the issue found it, before there was one).
    process.kill(held.watchdogPid!, 'SIGKILL');
    first.child.kill('SIGKILL');
    await first.exited;
    await goneWithin(() => isRunning(held.watchdogPid!), 5_000);
    expect(isRunning(held.serverPid!)).toBe(true);

    const second = await startedWorker(m.file);
    expect(second.output()).toContain(`stopping an orphaned Temporal dev server (pid ${held.serverPid})`);
    expect(isRunning(held.serverPid!)).toBe(false);
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
    expect(m.lockExists()).toBe(false);
  });
});
