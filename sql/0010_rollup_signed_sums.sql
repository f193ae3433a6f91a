-- Rollup sums become signed so that a repair can write a correction row (-3 mentions for a
-- minute counted twice, +2 for a minute whose share never committed): the rollup is checked
-- against `mentions` and corrected (lib/store/rollup-repo.ts). Readers sum as before. The
-- materialized view's UInt64 results convert on insert.
ALTER TABLE mention_rollup_1m
    MODIFY COLUMN mentions       SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN negative       SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN neutral        SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN positive       SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN low_ratings    SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN needs_reply    SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN reach          SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN negative_reach SimpleAggregateFunction(sum, Int64),
    MODIFY COLUMN engagement     SimpleAggregateFunction(sum, Int64)
SETTINGS mutations_sync = 2
