-- Durable per-source positions (and the detector's), written only after the page they
-- follow is stored. The newest updated_at wins.
CREATE TABLE IF NOT EXISTS source_cursors
(
    source_id  String,
    cursor     String COMMENT 'JSON',
    updated_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY source_id
