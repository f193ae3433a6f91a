-- v_mentions with the reply queue's columns (sql/0060): `thread_id`, and `is_own_post`, 1 for
-- a post by one of the brand's own accounts. Those posts are the brand's voice, not chatter:
-- the rollup, v_daily_brand and the dashboards count only posts with is_own_post = 0
-- (lib/analysis/chatter.ts). Otherwise as 0050.
CREATE OR REPLACE VIEW v_mentions AS
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
    thread_id,
    sentiment,
    sentiment_score,
    sentiment_confidence,
    sentiment_model,
    if(p_negative < 0, NULL, p_negative) AS p_negative,
    is_negative,
    is_low_rating,
    is_reply_needed,
    is_own_post,
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
        needs_reply AS is_reply_needed,
        author_owned AS is_own_post
    FROM mentions FINAL
)
