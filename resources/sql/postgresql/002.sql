-- Snoozed alerts stay out of the default list until then (NULL: not snoozed).
ALTER TABLE alerts ADD COLUMN snoozed_until TEXT COLLATE "C";
-- The activity feed joins each event to its history row.
CREATE INDEX order_history_seq ON order_history(seq);
