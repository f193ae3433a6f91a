-- Last success, last error, items fetched and lag per source, for dashboards.
CREATE VIEW IF NOT EXISTS source_health AS
SELECT
    source_id,
    any(source_type) AS source_type,
    maxIf(finished_at, status = 'ok') AS last_success_at,
    maxIf(finished_at, status = 'error') AS last_error_at,
    argMaxIf(error, finished_at, status = 'error') AS last_error,
    argMax(status, finished_at) AS last_status,
    sum(fetched) AS items_fetched,
    sum(stored) AS items_stored,
    sum(rejected) AS items_rejected,
    dateDiff('second', max(newest_item_at), now64(3, 'UTC')) AS lag_seconds
FROM source_polls
GROUP BY source_id
