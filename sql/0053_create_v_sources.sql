-- Analysts' (and the source-health dashboard's) view of each polled source now. Items stored
-- are distinct posts in `mentions` (a post naming two brands is one item, two brand rows), so
-- they never exceed items fetched. Lag is measured against the source's own rhythm: the median
-- gap between its polls, and the time since its last successful poll (wall clock); a quiet
-- source that polls on time is not lagging, however old its newest post. `newest_item_at` is
-- the newest post's own time (stream time in a replay). "Not yet" is NULL, not 1970.
CREATE VIEW IF NOT EXISTS v_sources AS
SELECT
    p.source_id AS source_id,
    p.source_type AS source_type,
    p.last_status AS last_status,
    p.last_poll_at AS last_poll_at,
    nullIf(p.last_success_at, toDateTime64(0, 3, 'UTC')) AS last_success_at,
    nullIf(p.last_error_at, toDateTime64(0, 3, 'UTC')) AS last_error_at,
    p.last_error AS last_error,
    p.polls AS polls,
    p.failed_polls AS failed_polls,
    p.items_fetched AS items_fetched,
    m.items AS items_stored,
    m.brand_rows AS brand_rows,
    p.items_rejected AS items_rejected,
    p.poll_interval_seconds AS poll_interval_seconds,
    if(p.last_success_at = toDateTime64(0, 3, 'UTC'), NULL, dateDiff('second', p.last_success_at, now64(3, 'UTC'))) AS seconds_since_success,
    seconds_since_success / nullIf(p.poll_interval_seconds, 0) AS polls_behind,
    CAST(ifNull(polls_behind > 3, p.last_status = 'error'), 'UInt8') AS is_lagging,
    nullIf(p.newest_item_at, toDateTime64(0, 3, 'UTC')) AS newest_item_at
FROM
(
    SELECT
        source_id,
        any(source_type) AS source_type,
        argMax(status, finished_at) AS last_status,
        max(finished_at) AS last_poll_at,
        maxIf(finished_at, status = 'ok') AS last_success_at,
        maxIf(finished_at, status = 'error') AS last_error_at,
        argMaxIf(error, finished_at, status = 'error') AS last_error,
        count() AS polls,
        countIf(status = 'error') AS failed_polls,
        sum(fetched) AS items_fetched,
        sum(rejected) AS items_rejected,
        -- NULL until a second poll shows the rhythm
        if(count() > 1, arrayReduce('median', arrayPopFront(arrayDifference(arraySort(groupArray(toUnixTimestamp64Milli(started_at)))))) / 1000, NULL) AS poll_interval_seconds,
        max(newest_item_at) AS newest_item_at
    FROM source_polls
    GROUP BY source_id
) AS p
LEFT JOIN
(
    SELECT source_id, uniqExact(platform, external_id) AS items, count() AS brand_rows
    FROM mentions FINAL
    GROUP BY source_id
) AS m ON m.source_id = p.source_id
