// Other settings of `detect` for `bench-nab --scorer scripts/experiments/nab-scorers.ts#<name>`.
import { scoreValues, type SeriesRow } from '../../lib/detection/series-score.js';

/** Only rises are anomalies (`detect --direction up`). */
export const up = (rows: SeriesRow[]) => scoreValues(rows, { direction: 'up' });
/** The brands' robust learning instead of the adaptive one. */
export const robust = (rows: SeriesRow[]) => scoreValues(rows, { learning: 'robust' });
/** Every row its score, no onset reporting (`detect --report level`). */
export const level = (rows: SeriesRow[]) => scoreValues(rows, { report: 'level' });
/** Onset scores from the raw evidence, not relative to the series' own recent peaks. */
export const rawEvidence = (rows: SeriesRow[]) => scoreValues(rows, { peakMemoryMs: 0 });
/** The peaks' memory halving every 3, 7 or 28 days instead of 14 (how the default was chosen). */
export const peaks3d = (rows: SeriesRow[]) => scoreValues(rows, { peakMemoryMs: 3 * 86_400_000 });
export const peaks7d = (rows: SeriesRow[]) => scoreValues(rows, { peakMemoryMs: 7 * 86_400_000 });
export const peaks28d = (rows: SeriesRow[]) => scoreValues(rows, { peakMemoryMs: 28 * 86_400_000 });
/** The seasonal scan alone, without the previous day's z-score channel (the default before stop 24). */
export const scanOnly = (rows: SeriesRow[]) => scoreValues(rows, { dayZ: false });
