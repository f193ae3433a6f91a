-- Malformed items with the reason; the rest of their batch goes on.
CREATE TABLE IF NOT EXISTS rejects
(
    source_id   LowCardinality(String),
    stage       LowCardinality(String) COMMENT 'parse | analyze | store | ingest',
    reason      String,
    raw         String CODEC(ZSTD(3)),
    rejected_at DateTime64(3, 'UTC') CODEC(Delta, ZSTD)
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(rejected_at)
ORDER BY (source_id, rejected_at)
