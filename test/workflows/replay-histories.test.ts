// Replays the saved histories of real workflow runs against the current workflow code.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { HISTORIES_DIR } from '../helpers/histories.js';
import { workflowBundle } from '../helpers/temporal.js';

const files = readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json'));

describe('saved workflow histories replay on the current code', () => {
  it('has saved histories of every workflow type', () => {
    expect(files.map((f) => f.split('.')[0].replace(/-\d+$/, '')).sort()).toEqual(expect.arrayContaining(['detect', 'digest', 'incident', 'poll-source']));
  });
  for (const file of files) {
    it(`replays ${file}`, async () => {
      // Passed as JSON: the worker converts it with its own protobuf classes.
      const history: unknown = JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8'));
      await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, file);
    });
  }
});
