-- The brands' own replies by when they were fetched: what the detection tick's queue sweep reads
-- (lib/store/queue-repo.ts `resyncOwnedReplies`). `mentions` is ordered by brand, platform and
-- id, so a time range of it reads every granule of the brand's month; this table is ordered by
-- fetch time and holds only owned replies of the brands themselves (not of competitors).
-- A reply fetched again has a row per fetch: re-syncing it changes nothing.
CREATE TABLE IF NOT EXISTS owned_replies
(
    fetched_at   DateTime64(3, 'UTC') CODEC(Delta, ZSTD),
    brand        LowCardinality(String),
    platform     LowCardinality(String),
    external_id  String
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(fetched_at)
ORDER BY (fetched_at, brand, platform, external_id)
