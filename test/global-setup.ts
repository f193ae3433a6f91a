// One real Temporal dev server for the whole test run (in memory, no UI), shared by every
// test file through `inject('temporalAddress')`. TEMPORAL_ADDRESS points tests at another server.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { connectOrStartTemporal } from '../workers/temporal-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
  }
}

export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'brand-pulse-temporal-'));
  const server = await connectOrStartTemporal({ dataDir, persist: false, ui: false, log: () => undefined });
  project.provide('temporalAddress', server.address);
  return async () => {
    await server.stop();
  };
}
