-- Every delivery attempt to every route, failed ones included.
CREATE TABLE IF NOT EXISTS alert_deliveries
(
    incident_id  String,
    brand        LowCardinality(String),
    route_id     LowCardinality(String),
    route_type   LowCardinality(String),
    kind         LowCardinality(String) COMMENT 'open | update | escalate | resolve',
    status       LowCardinality(String) COMMENT 'sent | failed',
    attempt      UInt32,
    detail       String COMMENT 'provider answer or error',
    attempted_at DateTime64(3, 'UTC') CODEC(Delta, ZSTD)
)
ENGINE = MergeTree
ORDER BY (incident_id, attempted_at)
