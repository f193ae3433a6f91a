-- The reply queue's inputs: the thread a mention sits in (`platform:id` of its root, '' when the
-- platform names none for a reply), and whether one of the row's brand's own accounts wrote it.
-- Rows stored before this migration keep '' and 0.
ALTER TABLE mentions
    ADD COLUMN IF NOT EXISTS thread_id String DEFAULT '' AFTER in_reply_to,
    ADD COLUMN IF NOT EXISTS author_owned UInt8 DEFAULT 0 COMMENT '1 when the brand''s own account wrote it' AFTER thread_id
