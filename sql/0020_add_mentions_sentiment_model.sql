-- Which model scored each mention's sentiment ('ngram-lr', 'emoji', or the encoder's name such as
-- 'e5-small-2l-v1'), and its probability that the post is negative (calibrated on dev for the
-- encoder), so dashboards can tell the models apart and the detector can weigh a post by how
-- sure the model is. Rows stored before this migration keep '' and -1 (not scored with it).
ALTER TABLE mentions
    ADD COLUMN IF NOT EXISTS sentiment_model LowCardinality(String) DEFAULT '' AFTER sentiment_confidence,
    ADD COLUMN IF NOT EXISTS p_negative Float32 DEFAULT -1 COMMENT 'P(negative) of sentiment_model; -1 before the column existed' AFTER sentiment_model
