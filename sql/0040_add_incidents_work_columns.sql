-- What people did to an incident (docs/incidents.md): who works it, how a person ended it
-- ('manual' resolved by hand, 'false_positive' not an incident; '' when it resolved by itself or
-- is still running) and by whom, and until when the brand is muted (no new incident opens for it
-- before that time; read by detection). Epoch 0 means "not muted", as for the other times.
ALTER TABLE incidents
    ADD COLUMN IF NOT EXISTS assignee    String DEFAULT '' AFTER acknowledged_by,
    ADD COLUMN IF NOT EXISTS resolution  LowCardinality(String) DEFAULT '' COMMENT 'manual | false_positive | empty: resolved by itself or running' AFTER resolved_at,
    ADD COLUMN IF NOT EXISTS resolved_by String DEFAULT '' AFTER resolution,
    ADD COLUMN IF NOT EXISTS muted_until DateTime64(3, 'UTC') DEFAULT toDateTime64(0, 3, 'UTC') AFTER resolved_by
