// One worker per data folder: a lock file there names the worker (pid and start time) and the
// Temporal dev server it runs. A second worker is refused while the first runs; a lock left by a
// worker that died (kill -9, power loss) is taken over. The embedded SQLite and chDB files must
// never have two writers.
import { mkdirSync, openSync, readFileSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import path from 'node:path';
import { isRunning, startTimeOf } from './pids.js';

export const LOCK_FILE = 'worker.lock';

export interface LockRecord {
  workerPid: number;
  /** /proc start time of the worker: a pid reused by another process does not hold the lock. */
  workerStart?: string;
  startedAt: string;
  serverPid?: number;
  watchdogPid?: number;
  address?: string;
}

export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockRecord,
  ) {
    super(`another brand-pulse worker (pid ${holder.workerPid}) is using ${dataDir}; stop it first (lock: ${path.join(dataDir, LOCK_FILE)})`);
  }
}

export interface DataLock {
  file: string;
  record: LockRecord;
  /** Adds what became known after the start (the dev server's pid and address). */
  update(fields: Partial<LockRecord>): void;
  /** Removes the lock if it is still this process's. */
  release(): void;
}

export function readLock(dataDir: string): LockRecord | undefined {
  try {
    return JSON.parse(readFileSync(path.join(dataDir, LOCK_FILE), 'utf8')) as LockRecord;
  } catch {
    return undefined;
  }
}

/** The live worker holding `dataDir`, if any (never this process). */
export function lockHolder(dataDir: string): LockRecord | undefined {
  const held = readLock(dataDir);
  if (!held || held.workerPid === process.pid || !isRunning(held.workerPid)) return undefined;
  const start = startTimeOf(held.workerPid);
  if (held.workerStart && start && start !== held.workerStart) return undefined;
  return held;
}

export function acquireDataLock(dataDir: string, log: (m: string) => void = () => undefined): DataLock {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  const record: LockRecord = { workerPid: process.pid, workerStart: startTimeOf(process.pid), startedAt: new Date().toISOString() };
  // Two tries: the second after removing a stale lock (another starter may win that race: refused).
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeFileSync(fd, JSON.stringify(record));
      closeSync(fd);
      return handle(file, record);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holder = lockHolder(dataDir);
    if (holder) throw new DataDirInUseError(dataDir, holder);
    const stale = readLock(dataDir);
    log(`the previous worker${stale ? ` (pid ${stale.workerPid})` : ''} on ${dataDir} ended without stopping; taking over its lock`);
    rmSync(file, { force: true });
  }
  throw new DataDirInUseError(dataDir, readLock(dataDir) ?? { workerPid: 0, startedAt: '' });
}

function handle(file: string, record: LockRecord): DataLock {
  return {
    file,
    record,
    update(fields) {
      Object.assign(record, fields);
      writeFileSync(file, JSON.stringify(record));
    },
    release() {
      try {
        if ((JSON.parse(readFileSync(file, 'utf8')) as LockRecord).workerPid === process.pid) rmSync(file, { force: true });
      } catch {
        // already gone
      }
    },
  };
}
