// Other processes by pid: is one still running (a zombie is not), when did it start (so a reused
// pid is not mistaken for the one we recorded), which command runs it. Linux answers from /proc;
// elsewhere only `kill(pid, 0)` is known.
import { readdirSync, readFileSync } from 'node:fs';

function stat(pid: number): string[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: split after the last ')'.
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

const hasProc = (() => {
  try {
    readFileSync('/proc/self/stat');
    return true;
  } catch {
    return false;
  }
})();

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return !hasProc || (stat(pid)?.[0] ?? 'Z') !== 'Z';
}

/** Start time in clock ticks since boot (field 22 of /proc/<pid>/stat), or undefined off Linux. */
export function startTimeOf(pid: number): string | undefined {
  return stat(pid)?.[19];
}

/** The running pids whose command line contains `needle` (Linux; [] elsewhere). */
export function pidsWithArgument(needle: string): number[] {
  if (!hasProc) return [];
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (args.includes(needle) && isRunning(pid)) out.push(pid);
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return out;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
export async function stopPid(pid: number, graceMs = 10_000): Promise<void> {
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(pid, s);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const killAt = Date.now() + graceMs;
  while (isRunning(pid)) {
    if (Date.now() > killAt + 5_000) throw new Error(`process ${pid} did not stop on SIGTERM nor SIGKILL`);
    if (Date.now() > killAt) signal('SIGKILL');
    await new Promise((r) => setTimeout(r, 100));
  }
}
