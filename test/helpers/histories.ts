// Saved workflow histories: `RECORD_HISTORIES=1 npm test` writes them from the workflow tests
// (exported with the Temporal CLI as JSON); test/replay-histories.test.ts replays every saved
// one against the current workflow code, so a change that would break running workflows fails
// CI (make such changes with patched()).
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkflowHandle } from '@temporalio/client';
import { inject } from 'vitest';
import { findTemporalCli } from '../../workers/temporal-cli.js';

export const HISTORIES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'histories');

export async function maybeSaveHistory(handle: WorkflowHandle, name: string): Promise<void> {
  if (!process.env.RECORD_HISTORIES) return;
  const cli = findTemporalCli();
  if (!cli) throw new Error('RECORD_HISTORIES needs the Temporal CLI (npm run setup)');
  const { runId } = await handle.describe();
  const r = spawnSync(cli, ['workflow', 'show', '--workflow-id', handle.workflowId, '--run-id', runId, '--address', inject('temporalAddress'), '--output', 'json'], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`temporal workflow show failed: ${r.stderr}`);
  writeFileSync(path.join(HISTORIES_DIR, `${name}.json`), r.stdout);
}
