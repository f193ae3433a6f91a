-- Analysts' view of incidents: the latest version of each (FINAL), "not yet" as NULL instead of
-- the 1970 column default, durations in seconds (NULL until the step happened), and the
-- evidence's platforms, languages and phrases as arrays. `incidents.<column>` is the stored value
-- (1970 for "not yet"): a bare name would be this SELECT's NULL-for-1970 alias.
CREATE VIEW IF NOT EXISTS v_incidents AS
SELECT
    incident_id,
    brand,
    status,
    -- open until resolved, whatever states come between (acknowledged, and any added later)
    CAST(incidents.resolved_at = toDateTime64(0, 3, 'UTC'), 'UInt8') AS is_open,
    severity,
    opened_at,
    nullIf(acknowledged_at, toDateTime64(0, 3, 'UTC')) AS acknowledged_at,
    acknowledged_by,
    nullIf(escalated_at, toDateTime64(0, 3, 'UTC')) AS escalated_at,
    nullIf(resolved_at, toDateTime64(0, 3, 'UTC')) AS resolved_at,
    peak_at,
    peak_negative,
    baseline,
    score,
    if(incidents.acknowledged_at >= opened_at, dateDiff('second', opened_at, incidents.acknowledged_at), NULL) AS seconds_to_acknowledge,
    if(incidents.resolved_at >= opened_at, dateDiff('second', opened_at, incidents.resolved_at), NULL) AS seconds_to_resolve,
    JSONExtract(summary, 'platforms', 'Array(String)') AS platforms,
    JSONExtract(summary, 'languages', 'Array(String)') AS languages,
    arrayMap(p -> JSONExtractString(p, 'phrase'), JSONExtractArrayRaw(summary, 'phrases')) AS phrases,
    summary,
    workflow_id
FROM incidents FINAL
