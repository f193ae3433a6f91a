-- People's decisions about reply queue items (assign, dismiss, reopen), apart from the item's own
-- row: a person's action and a sync in another process each write only their own table, so
-- neither overwrites the other's facts with a stale copy (lib/care/queue-rules.ts). `state` is
-- open | assigned | dismissed (replies decide "answered"); read with FINAL, or through v_queue.
-- From here on, reply_queue's own state, assignee and open_since are what the item was created
-- with; v_queue shows the state derived from both tables.
CREATE TABLE IF NOT EXISTS reply_queue_people
(
    brand        LowCardinality(String),
    platform     LowCardinality(String),
    external_id  String,
    state        LowCardinality(String),
    assignee     String,
    open_since   DateTime64(3, 'UTC') COMMENT 'created, or last reopened',
    updated_at   DateTime64(3, 'UTC'),
    version      UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (brand, platform, external_id)
