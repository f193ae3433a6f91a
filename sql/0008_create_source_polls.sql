-- One row per poll of a source: the history behind source health.
CREATE TABLE IF NOT EXISTS source_polls
(
    source_id    LowCardinality(String),
    source_type  LowCardinality(String),
    started_at   DateTime64(3, 'UTC'),
    finished_at  DateTime64(3, 'UTC'),
    status       LowCardinality(String) COMMENT 'ok | error',
    error        String DEFAULT '',
    fetched      UInt32,
    stored       UInt32,
    duplicates   UInt32,
    rejected     UInt32,
    newest_item_at DateTime64(3, 'UTC') DEFAULT toDateTime64(0, 3, 'UTC')
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(started_at)
ORDER BY (source_id, started_at)
TTL toDateTime(started_at) + INTERVAL 90 DAY
