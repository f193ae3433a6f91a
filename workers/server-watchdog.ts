// Makes the embedded dev server die with its worker. Linux has no parent-death signal in Node,
// so a tiny detached process watches the worker's pid and stops the server (SIGTERM, then SIGKILL)
// when the worker is gone, however it died (kill -9 included). It exits when the server does.
import { spawn } from 'node:child_process';

// Plain JavaScript run by bare `node -e`: it starts in ~50 ms whatever loader the worker runs
// under (tsx, vitest). argv: parent pid, server pid.
const WATCHDOG = `
const fs = require('node:fs');
const [parent, server] = process.argv.slice(1).map(Number);
const alive = (pid) => {
  try { process.kill(pid, 0); } catch (e) { if (e.code !== 'EPERM') return false; }
  try { const s = fs.readFileSync('/proc/' + pid + '/stat', 'utf8'); return s.slice(s.lastIndexOf(')') + 2)[0] !== 'Z'; } catch { return true; }
};
const signal = (s) => { try { process.kill(server, s); } catch {} };
// A Ctrl-C reaches the whole terminal group: the worker then stops the server itself.
process.on('SIGINT', () => {});
const watch = setInterval(() => {
  if (!alive(server)) process.exit(0);
  if (alive(parent)) return;
  clearInterval(watch);
  signal('SIGTERM');
  const killAt = Date.now() + 10000;
  setInterval(() => {
    if (!alive(server)) process.exit(0);
    if (Date.now() > killAt) { signal('SIGKILL'); process.exit(0); }
  }, 100);
}, 250);
`;

/** Starts the watchdog of `serverPid` for this process; returns its pid. */
export function watchServerForParentDeath(serverPid: number): number | undefined {
  const child = spawn(process.execPath, ['-e', WATCHDOG, String(process.pid), String(serverPid)], {
    env: { PATH: process.env.PATH ?? '' }, // no NODE_OPTIONS loader: bare node
    // Its own process group: a kill of the worker's group leaves the watchdog to clean up.
    detached: true,
    stdio: 'ignore',
  });
  child.unref();
  return child.pid;
}
