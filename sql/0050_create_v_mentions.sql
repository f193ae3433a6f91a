-- Analysts' view of every mention: the latest version of each row (FINAL), the negative rule of
-- lib/analysis/negative.ts as a 0/1 flag, reach and engagement per post, and no sentinels
-- (rating 0 and p_negative -1 read as NULL). Flags and per-post numbers are named so that the
-- natural aggregate aliases stay free: `sum(is_negative) AS negative, sum(is_negative) / count()`
-- works, where a column called `negative` would make the second use a nested aggregate.
-- The inner query computes the flags on the stored columns, before the outer one renames them.
CREATE VIEW IF NOT EXISTS v_mentions AS
SELECT
    brand,
    competitor_of,
    is_competitor,
    platform,
    source_id,
    external_id,
    url,
    created_at,
    toDate(created_at) AS day,
    fetched_at,
    lang,
    title,
    text,
    author_id,
    author_name,
    author_followers,
    likes,
    shares,
    replies,
    post_reach,
    post_engagement,
    nullIf(rating, 0) AS rating,
    product,
    in_reply_to,
    sentiment,
    sentiment_score,
    sentiment_confidence,
    sentiment_model,
    if(p_negative < 0, NULL, p_negative) AS p_negative,
    is_negative,
    is_low_rating,
    is_reply_needed,
    matched_query
FROM
(
    SELECT
        *,
        CAST(competitor_of != '', 'UInt8') AS is_competitor,
        author_followers + likes + shares + replies AS post_reach,
        likes + shares + replies AS post_engagement,
        CAST(({{NEGATIVE}}), 'UInt8') AS is_negative,
        CAST(({{LOW_RATING}}), 'UInt8') AS is_low_rating,
        needs_reply AS is_reply_needed
    FROM mentions FINAL
)
