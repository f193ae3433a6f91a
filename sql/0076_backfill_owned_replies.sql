-- The owned replies stored before owned_replies existed. Migrations run before the worker polls
-- or ingests; a row that both the view and this copy wrote is one row once merged (same key), and
-- a repeated run the same.
INSERT INTO owned_replies (fetched_at, brand, platform, external_id)
SELECT fetched_at, brand, platform, external_id
FROM mentions
WHERE author_owned = 1 AND competitor_of = ''
