-- Orders, the change-event log and meta data (the epoch).
CREATE TABLE orders (
  id TEXT PRIMARY KEY NOT NULL,
  customer TEXT NOT NULL,
  region TEXT NOT NULL,
  pickup TEXT NOT NULL,
  dropoff TEXT NOT NULL,
  status TEXT NOT NULL,
  amount_cents INTEGER NOT NULL,
  due_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL);
CREATE INDEX orders_region ON orders(region);
CREATE TABLE event_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  type TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  ts TEXT NOT NULL,
  fields TEXT NOT NULL DEFAULT '{}');
CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
