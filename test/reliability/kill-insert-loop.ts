// Runs insert-loop.ts in a child process and, when asked, kills it with SIGKILL inside an insert:
// at a random fraction of the time the child's previous insert took (as it reports), so that the
// kill lands mid-insert however loaded the machine is. Used by
// test/reliability/kill-during-inserts.test.ts and `npm run bench:kill-inserts`.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CHILD = path.join(ROOT, 'test/reliability/insert-loop.ts');

export interface LoopRun {
  out: string;
  killed: boolean;
  /** Mentions the run's store corrected in the rollup (rows a previous run's kill left behind). */
  corrected: number;
  /** Batches stored so far (the cursor), as the run last said. */
  batchesDone?: number;
}

/** Children still running (to kill when a test ends early). */
export const running = new Set<ChildProcess>();

/** `kill`: the range of fractions of the previous insert's duration after which the next insert is killed. */
export function runInsertLoop(dir: string, opts: { batches: number; t0: number; kill?: [number, number] }): Promise<LoopRun> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, String(opts.batches), String(opts.t0)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(p);
    let out = '';
    let err = '';
    let lastInsertMs = 0;
    let timer: NodeJS.Timeout | undefined;
    p.stdout.on('data', (d: Buffer) => {
      for (const line of d.toString().split('\n')) {
        const took = /^inserted (\d+)$/.exec(line);
        if (took) lastInsertMs = Math.max(1, Number(took[1]));
        else if (line === 'inserting' && opts.kill && lastInsertMs && !timer) {
          const [lo, hi] = opts.kill;
          timer = setTimeout(() => p.kill('SIGKILL'), lastInsertMs * (lo + Math.random() * (hi - lo)));
        }
      }
      out += d;
    });
    p.stderr.on('data', (d: Buffer) => (err += d));
    p.on('error', reject);
    p.on('exit', (code, signal) => {
      running.delete(p);
      clearTimeout(timer);
      if (code !== 0 && signal !== 'SIGKILL') return reject(new Error(`insert-loop exited ${code}: ${err}`));
      const batches = [...out.matchAll(/^batch (\d+) stored \d+ repaired \d+ (\d+)$/gm)];
      resolve({
        out,
        killed: signal === 'SIGKILL',
        corrected: batches.reduce((n, m) => n + Number(m[2]), 0),
        batchesDone: batches.length ? Number(batches[batches.length - 1][1]) + 1 : undefined,
      });
    });
  });
}
