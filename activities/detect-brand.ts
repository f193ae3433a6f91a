// Activities of the per-brand detection tick: which brands to detect for, and one brand's tick
// (lib/pipeline/detect-and-notify.ts), which reads and saves its own state in ClickHouse.
import type { BrandTick } from '../lib/pipeline/detect-and-notify.js';
import { detectAndNotify } from '../lib/pipeline/detect-and-notify.js';
import { nowMs, type ActivityDeps } from './deps.js';

export const detectionBrandsActivity = (deps: ActivityDeps) => async (): Promise<string[]> => deps.config.brands.map((b) => b.id);

export const detectBrandActivity =
  (deps: ActivityDeps) =>
  (input: { brand: string }): Promise<BrandTick> =>
    detectAndNotify(deps, input.brand, nowMs(deps));
