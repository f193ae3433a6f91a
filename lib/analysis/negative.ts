// What counts as negative, written once. A 1- or 2-star review counts as negative whatever its
// text says: a burst of bad reviews is negative chatter. TypeScript (backtest, tests) calls
// `isNegative`; SQL (the rollup migration, evidence queries, dashboards) uses the expressions
// below, built from the same two lists, so the two can never disagree.
import type { SentimentClass } from './types.js';

const NEGATIVE_SENTIMENTS: readonly SentimentClass[] = ['negative'];
const LOW_RATINGS: readonly number[] = [1, 2];

export function isLowRating(rating: number | undefined): boolean {
  return rating !== undefined && LOW_RATINGS.includes(rating);
}

export function isNegative(m: { sentiment: SentimentClass; rating?: number }): boolean {
  return NEGATIVE_SENTIMENTS.includes(m.sentiment) || isLowRating(m.rating);
}

const sqlValue = (x: string | number) => (typeof x === 'number' ? String(x) : `'${x}'`);
const sqlIn = (column: string, xs: readonly (string | number)[], not = false) =>
  xs.length === 1 ? `${column} ${not ? '!=' : '='} ${sqlValue(xs[0])}` : `${column} ${not ? 'NOT IN' : 'IN'} (${xs.map(sqlValue).join(', ')})`;

/** SQL over a `mentions` row: a low (1 or 2 star) rating, and its negation. */
export const LOW_RATING_SQL = sqlIn('rating', LOW_RATINGS);
export const NOT_LOW_RATING_SQL = sqlIn('rating', LOW_RATINGS, true);
/** SQL over a `mentions` row: the mention counts as negative (bare, for a function argument). */
export const NEGATIVE_CONDITION_SQL = `${sqlIn('sentiment', NEGATIVE_SENTIMENTS)} OR ${LOW_RATING_SQL}`;
/** The same, parenthesised, safe to combine with AND. */
export const NEGATIVE_SQL = `(${NEGATIVE_CONDITION_SQL})`;

/** Placeholders the migration runner fills in (`{{NEGATIVE}}`), so migrations state the rule by name. */
export const SQL_RULES: Record<string, string> = {
  NEGATIVE: NEGATIVE_CONDITION_SQL,
  LOW_RATING: LOW_RATING_SQL,
  NOT_LOW_RATING: NOT_LOW_RATING_SQL,
};
