-- Every mention, one row per (brand, platform, platform id). A re-fetch replaces the row
-- (newer fetched_at wins: fresher engagement counts); read with FINAL where exactness matters.
CREATE TABLE IF NOT EXISTS mentions
(
    brand                LowCardinality(String),
    platform             LowCardinality(String),
    external_id          String,
    source_id            LowCardinality(String),
    competitor_of        LowCardinality(String) DEFAULT '',
    matched_query        String,
    text                 String CODEC(ZSTD(3)),
    title                String DEFAULT '' CODEC(ZSTD(3)),
    url                  String DEFAULT '',
    author_id            String DEFAULT '',
    author_name          String DEFAULT '',
    author_followers     UInt64 DEFAULT 0,
    likes                UInt64 DEFAULT 0,
    shares               UInt64 DEFAULT 0,
    replies              UInt64 DEFAULT 0,
    rating               UInt8 DEFAULT 0 COMMENT '1..5 for reviews, 0 when the item has no rating',
    product              String DEFAULT '' COMMENT 'reviewed product or app',
    in_reply_to          String DEFAULT '',
    lang                 LowCardinality(String),
    sentiment            LowCardinality(String),
    sentiment_score      Float32,
    sentiment_confidence Float32,
    needs_reply          UInt8 DEFAULT 0,
    created_at           DateTime64(3, 'UTC') CODEC(Delta, ZSTD),
    fetched_at           DateTime64(3, 'UTC') CODEC(Delta, ZSTD),
    extra                String DEFAULT '' COMMENT 'JSON of fields the schema has no column for' CODEC(ZSTD(3))
)
ENGINE = ReplacingMergeTree(fetched_at)
PARTITION BY toYYYYMM(created_at)
ORDER BY (brand, platform, external_id)
