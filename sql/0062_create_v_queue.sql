-- The reply queue for people and dashboards: one row per item (FINAL), no sentinels (NULL when
-- there is no response yet), the item's age and its time to first response in seconds.
CREATE VIEW IF NOT EXISTS v_queue AS
SELECT
    brand,
    platform,
    mention_id,
    external_id,
    source_id,
    thread_id,
    created_at,
    state,
    assignee,
    open_since,
    if(has_response = 1, first_response_at, NULL) AS first_response_at,
    if(has_response = 1, response_mention_id, NULL) AS response_mention_id,
    if(has_response = 1, dateDiff('millisecond', created_at, first_response_at) / 1000, NULL) AS first_response_seconds,
    dateDiff('millisecond', created_at, now64(3, 'UTC')) / 1000 AS age_seconds,
    updated_at
FROM reply_queue FINAL
