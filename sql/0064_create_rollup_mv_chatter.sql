-- Feeds the rollup on every insert into mentions, as 0003 did, but only with chatter: posts by
-- others than the brand's own accounts (`author_owned`, sql/0060; the rule in
-- lib/analysis/chatter.ts). A 1- or 2-star review counts as negative whatever its text says.
CREATE MATERIALIZED VIEW IF NOT EXISTS mention_rollup_1m_mv TO mention_rollup_1m AS
SELECT
    brand,
    platform,
    lang,
    toStartOfMinute(created_at) AS minute,
    count() AS mentions,
    countIf({{NEGATIVE}}) AS negative,
    countIf(sentiment = 'neutral' AND {{NOT_LOW_RATING}}) AS neutral,
    countIf(sentiment = 'positive' AND {{NOT_LOW_RATING}}) AS positive,
    countIf({{LOW_RATING}}) AS low_ratings,
    countIf(needs_reply = 1) AS needs_reply,
    sum(author_followers + likes + shares + replies) AS reach,
    sumIf(author_followers + likes + shares + replies, {{NEGATIVE}}) AS negative_reach,
    sum(likes + shares + replies) AS engagement,
    sum(toFloat64(sentiment_score)) AS sentiment_sum,
    uniqState(concat(platform, ':', author_id)) AS authors,
    uniqStateIf(concat(platform, ':', author_id), {{NEGATIVE}}) AS negative_authors
FROM mentions
WHERE {{CHATTER}}
GROUP BY brand, platform, lang, minute
