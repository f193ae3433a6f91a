-- Per-minute rollup for dashboards and detection. Counts are sums: the store inserts each
-- (brand, platform, id) once (it skips ids already stored), so a retried poll adds nothing.
CREATE TABLE IF NOT EXISTS mention_rollup_1m
(
    brand            LowCardinality(String),
    platform         LowCardinality(String),
    lang             LowCardinality(String),
    minute           DateTime('UTC') CODEC(Delta, ZSTD),
    mentions         SimpleAggregateFunction(sum, UInt64),
    negative         SimpleAggregateFunction(sum, UInt64),
    neutral          SimpleAggregateFunction(sum, UInt64),
    positive         SimpleAggregateFunction(sum, UInt64),
    low_ratings      SimpleAggregateFunction(sum, UInt64),
    needs_reply      SimpleAggregateFunction(sum, UInt64),
    reach            SimpleAggregateFunction(sum, UInt64),
    negative_reach   SimpleAggregateFunction(sum, UInt64),
    engagement       SimpleAggregateFunction(sum, UInt64),
    sentiment_sum    SimpleAggregateFunction(sum, Float64),
    authors          AggregateFunction(uniq, String),
    negative_authors AggregateFunction(uniq, String)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(minute)
ORDER BY (brand, platform, lang, minute)
