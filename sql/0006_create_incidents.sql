-- Incidents mirrored from their workflows; each state change writes a newer version.
CREATE TABLE IF NOT EXISTS incidents
(
    incident_id     String,
    brand           LowCardinality(String),
    status          LowCardinality(String) COMMENT 'open | acknowledged | resolved',
    severity        LowCardinality(String),
    opened_at       DateTime64(3, 'UTC'),
    acknowledged_at DateTime64(3, 'UTC') DEFAULT toDateTime64(0, 3, 'UTC'),
    acknowledged_by String DEFAULT '',
    escalated_at    DateTime64(3, 'UTC') DEFAULT toDateTime64(0, 3, 'UTC'),
    resolved_at     DateTime64(3, 'UTC') DEFAULT toDateTime64(0, 3, 'UTC'),
    peak_at         DateTime64(3, 'UTC'),
    peak_negative   UInt64,
    baseline        Float64,
    score           Float64,
    summary         String COMMENT 'JSON: phrases, samples, platforms, languages' CODEC(ZSTD(3)),
    workflow_id     String,
    updated_at      DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY (brand, incident_id)
