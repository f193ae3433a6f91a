// Activity: one detection tick over every brand (lib/pipeline/detect-brand.ts).
import { detectBrand, type BrandDetection } from '../lib/pipeline/detect-brand.js';
import { nowMs, type ActivityDeps } from './deps.js';

export const detectSpikesActivity = (deps: ActivityDeps) => async (): Promise<BrandDetection[]> => {
  const now = nowMs(deps);
  const out: BrandDetection[] = [];
  for (const b of deps.config.brands) {
    const d = await detectBrand(deps.clickhouse, deps.config, b.id, now);
    if (d) out.push(d);
  }
  return out;
};
