-- v_queue as before (sql/0062), its state, assignee and open_since now from people's decisions
-- (reply_queue_people, sql/0071) and the item's responses: {{QUEUE_STATE}} is the rule of
-- lib/care/queue-rules.ts (`stateOf`). An item nobody has acted on is open since it was created.
CREATE OR REPLACE VIEW v_queue AS
SELECT
    brand,
    platform,
    mention_id,
    external_id,
    source_id,
    thread_id,
    created_at,
    {{QUEUE_STATE}} AS state,
    person_assignee AS assignee,
    person_open_since AS open_since,
    if(has_response = 1, first_response_at, NULL) AS first_response_at,
    if(has_response = 1, response_mention_id, NULL) AS response_mention_id,
    if(has_response = 1, dateDiff('millisecond', created_at, first_response_at) / 1000, NULL) AS first_response_seconds,
    dateDiff('millisecond', created_at, now64(3, 'UTC')) / 1000 AS age_seconds,
    updated_at
FROM
(
    SELECT
        q.brand AS brand,
        q.platform AS platform,
        q.mention_id AS mention_id,
        q.external_id AS external_id,
        q.source_id AS source_id,
        q.thread_id AS thread_id,
        q.created_at AS created_at,
        q.has_response AS has_response,
        q.first_response_at AS first_response_at,
        q.last_response_at AS last_response_at,
        q.response_mention_id AS response_mention_id,
        if(p.version > 0, p.state, 'open') AS person_state,
        if(p.version > 0, p.assignee, '') AS person_assignee,
        if(p.version > 0, p.open_since, q.open_since) AS person_open_since,
        greatest(q.updated_at, p.updated_at) AS updated_at
    FROM reply_queue AS q FINAL
    LEFT JOIN (SELECT brand, platform, external_id, state, assignee, open_since, updated_at, version FROM reply_queue_people FINAL) AS p
        ON p.brand = q.brand AND p.platform = q.platform AND p.external_id = q.external_id
)
