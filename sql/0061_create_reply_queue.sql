-- The reply queue: one item per brand mention that needs a reply from the brand, its state
-- (open | assigned | answered | dismissed) and its first response. Each change writes the whole
-- item again with a higher version; read with FINAL, or through v_queue.
-- first_response_at and response_mention_id mean something only when has_response = 1.
CREATE TABLE IF NOT EXISTS reply_queue
(
    brand               LowCardinality(String),
    platform            LowCardinality(String),
    external_id         String,
    mention_id          String COMMENT 'platform:external_id',
    source_id           LowCardinality(String),
    thread_id           String DEFAULT '',
    created_at          DateTime64(3, 'UTC') CODEC(Delta, ZSTD),
    state               LowCardinality(String),
    assignee            String DEFAULT '',
    open_since          DateTime64(3, 'UTC') COMMENT 'created, or last reopened',
    has_response        UInt8 DEFAULT 0,
    first_response_at   DateTime64(3, 'UTC') DEFAULT 0,
    response_mention_id String DEFAULT '',
    updated_at          DateTime64(3, 'UTC'),
    version             UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (brand, platform, external_id)
