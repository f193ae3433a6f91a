-- v_incidents with the work columns of 0040: who works the incident (`assignee`), how a person
-- ended it (`resolution`: manual | false_positive, '' when it resolved by itself or still runs)
-- and by whom, and until when its brand is muted (NULL: not muted). Same rules as 0051.
CREATE OR REPLACE VIEW v_incidents AS
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
    assignee,
    nullIf(escalated_at, toDateTime64(0, 3, 'UTC')) AS escalated_at,
    nullIf(resolved_at, toDateTime64(0, 3, 'UTC')) AS resolved_at,
    resolution,
    resolved_by,
    nullIf(muted_until, toDateTime64(0, 3, 'UTC')) AS muted_until,
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
