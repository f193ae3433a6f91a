-- Feeds owned_replies on every insert into mentions (the rule of `author_owned`: sql/0060).
CREATE MATERIALIZED VIEW IF NOT EXISTS owned_replies_mv TO owned_replies AS
SELECT fetched_at, brand, platform, external_id
FROM mentions
WHERE author_owned = 1 AND competitor_of = ''
