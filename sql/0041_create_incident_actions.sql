-- Every action people took on an incident, one row each, in the order the workflow applied them
-- (seq). The workflow rewrites its whole history with each state change: a row is keyed by its
-- seq, so a repeated write replaces itself instead of doubling.
CREATE TABLE IF NOT EXISTS incident_actions
(
    incident_id String,
    brand       LowCardinality(String),
    seq         UInt32,
    at          DateTime64(3, 'UTC') COMMENT 'the incident clock: data time for replays, wall time live',
    action      LowCardinality(String) COMMENT 'acknowledge | assign | note | resolve | false_positive | mute',
    by          String,
    detail      String COMMENT 'assignee, note text, reason, or the mute end (ISO)' CODEC(ZSTD(3))
)
ENGINE = ReplacingMergeTree
ORDER BY (brand, incident_id, seq)
