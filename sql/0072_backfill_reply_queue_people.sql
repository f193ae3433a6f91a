-- People's part of the items stored before sql/0071, from their rows: dismissed stays dismissed,
-- an item with an assignee was assigned (answered or not), any other was open. Runs once: the
-- condition makes a repeated run (a migration stopped before it was recorded) insert nothing.
INSERT INTO reply_queue_people (brand, platform, external_id, state, assignee, open_since, updated_at, version)
SELECT brand, platform, external_id,
       multiIf(state = 'dismissed', 'dismissed', assignee != '', 'assigned', 'open'),
       assignee, open_since, updated_at, 1
FROM reply_queue FINAL
WHERE (SELECT count() FROM reply_queue_people) = 0
