-- Analysts' view of each brand's day per language, from the per-minute rollup: counts end in
-- `_count` (so `sum(negative_count) AS negative` leaves the alias free), `negative_share` is that
-- day's and language's. Sum the counts over `lang` for a brand's day; author_count is distinct
-- authors of that day and language, which does not add up across rows.
CREATE VIEW IF NOT EXISTS v_daily_brand AS
SELECT
    brand,
    toDate(minute) AS day,
    lang,
    sum(mentions) AS mention_count,
    sum(negative) AS negative_count,
    sum(neutral) AS neutral_count,
    sum(positive) AS positive_count,
    sum(low_ratings) AS low_rating_count,
    sum(needs_reply) AS reply_needed_count,
    sum(negative) / nullIf(sum(mentions), 0) AS negative_share,
    sum(reach) AS reach_sum,
    sum(negative_reach) AS negative_reach_sum,
    uniqMerge(authors) AS author_count
FROM mention_rollup_1m
GROUP BY brand, day, lang
