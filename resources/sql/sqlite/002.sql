-- Delta reads: the seq of the event that last changed the row (0 = seeded, never changed).
ALTER TABLE orders ADD COLUMN changed_seq INTEGER NOT NULL DEFAULT 0;
CREATE INDEX orders_changed_seq ON orders(changed_seq);
-- The region an event concerns, so the hub can filter replayed events per user.
ALTER TABLE event_log ADD COLUMN region TEXT NOT NULL DEFAULT '';
UPDATE event_log SET region = COALESCE((SELECT region FROM orders
  WHERE orders.id = event_log.entity_id), '') WHERE entity = 'order';
CREATE INDEX event_log_ts ON event_log(ts);
CREATE TABLE order_history (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  order_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  actor TEXT NOT NULL,
  field TEXT NOT NULL,
  from_value TEXT NOT NULL,
  to_value TEXT NOT NULL,
  ts TEXT NOT NULL);
CREATE INDEX order_history_order ON order_history(order_id, seq);
CREATE TABLE drivers (
  id TEXT PRIMARY KEY NOT NULL,
  name TEXT NOT NULL,
  region TEXT NOT NULL,
  status TEXT NOT NULL,
  lat REAL NOT NULL,
  lon REAL NOT NULL,
  last_seen_at TEXT NOT NULL,
  version INTEGER NOT NULL);
CREATE TABLE payments (
  id TEXT PRIMARY KEY NOT NULL,
  order_id TEXT NOT NULL,
  region TEXT NOT NULL,
  amount_cents INTEGER NOT NULL,
  method TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at TEXT NOT NULL,
  version INTEGER NOT NULL);
CREATE INDEX payments_order ON payments(order_id);
CREATE TABLE alerts (
  id TEXT PRIMARY KEY NOT NULL,
  kind TEXT NOT NULL,
  severity TEXT NOT NULL,
  subject_id TEXT NOT NULL,
  region TEXT NOT NULL,
  message TEXT NOT NULL,
  raised_at TEXT NOT NULL,
  status TEXT NOT NULL,
  version INTEGER NOT NULL);
CREATE INDEX alerts_subject ON alerts(kind, subject_id, status);
