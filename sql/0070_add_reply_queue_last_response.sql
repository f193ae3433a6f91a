-- The latest response of an item (sql/0073: an item is answered when it came at or after
-- open_since; the first response alone cannot tell once an item was reopened). For rows stored
-- before this column, the default gives what their state says: an answered item had a response at
-- or after open_since. Every row written since carries its own value.
ALTER TABLE reply_queue
    ADD COLUMN IF NOT EXISTS last_response_at DateTime64(3, 'UTC')
        DEFAULT if(state = 'answered', greatest(first_response_at, open_since), first_response_at)
        AFTER first_response_at
