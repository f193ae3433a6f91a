// The embedded dev server's start: a server that exits before it answers (a port taken between
// freePort and its bind) is started again on new ports; with ports the caller fixed, the error
// names the server's own reason. Real dev server; the first start fails through a wrapper.
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findTemporalCli } from '../../workers/temporal-cli.js';
import { freePort, startEmbeddedTemporal } from '../../workers/temporal-server.js';

const savedCli = process.env.TEMPORAL_CLI_PATH;
afterEach(() => {
  if (savedCli === undefined) delete process.env.TEMPORAL_CLI_PATH;
  else process.env.TEMPORAL_CLI_PATH = savedCli;
});

/** A `temporal` that fails its first run with exit code 2 and then runs the real CLI. */
function failingOnce(dir: string, real: string): string {
  const script = path.join(dir, 'temporal');
  const marker = path.join(dir, 'failed-once');
  writeFileSync(script, `#!/bin/sh\nif [ ! -e '${marker}' ]; then touch '${marker}'; echo 'time=t level=ERROR msg=\"Failed to start gRPC listener\" error=\"bind: address already in use\"'; echo 'panic: runtime error'; echo 'goroutine 1'; exit 2; fi\nexec '${real}' "$@"\n`);
  chmodSync(script, 0o755);
  return script;
}

describe('startEmbeddedTemporal', () => {
  it('starts a dev server again on new ports when the first exits before it answers', async () => {
    const real = findTemporalCli();
    expect(real, 'the Temporal CLI is installed by npm install').toBeDefined();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'brand-pulse-tserver-'));
    process.env.TEMPORAL_CLI_PATH = failingOnce(dir, real!);
    const logs: string[] = [];
    const server = await startEmbeddedTemporal({ dataDir: path.join(dir, 'data'), persist: false, ui: false, log: (m) => logs.push(m) });
    try {
      expect(existsSync(path.join(dir, 'failed-once'))).toBe(true);
      expect(logs.join('\n')).toMatch(/temporal dev server exited with code 2: time=t level=ERROR msg="Failed to start gRPC listener" error="bind: address already in use" \(see .*\); starting it again on new ports \(attempt 2 of 3\)/);
      expect(server.address).toMatch(/^127\.0\.0\.1:\d+$/);
    } finally {
      await server.stop();
    }
  });

  it('fails with the server\'s reason when the port the caller fixed is taken', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'brand-pulse-tserver-'));
    const port = await freePort();
    const taken = net.createServer();
    await new Promise<void>((r) => taken.listen(port, '127.0.0.1', () => r()));
    const logs: string[] = [];
    try {
      await expect(startEmbeddedTemporal({ dataDir: path.join(dir, 'data'), persist: false, ui: false, port, log: (m) => logs.push(m) })).rejects.toThrow(
        new RegExp(`exited with code 1: Error: can't set frontend port ${port}: .*address already in use \\(see .*temporal-server\\.log\\)`),
      );
      expect(logs.join('\n')).not.toMatch(/starting it again/);
    } finally {
      taken.close();
    }
  });
});
