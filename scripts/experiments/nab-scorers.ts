// Other settings of `detect` for `bench-nab --scorer scripts/experiments/nab-scorers.ts#<name>`.
import { scoreValues, type SeriesRow } from '../../lib/detection/series-score.js';

/** Falls are anomalies too (`detect --direction both`). */
export const both = (rows: SeriesRow[]) => scoreValues(rows, { direction: 'both' });
/** The brands' robust learning instead of the adaptive one. */
export const robust = (rows: SeriesRow[]) => scoreValues(rows, { learning: 'robust' });
/** Every row its score, no onset reporting (`detect --report level`). */
export const level = (rows: SeriesRow[]) => scoreValues(rows, { report: 'level' });
