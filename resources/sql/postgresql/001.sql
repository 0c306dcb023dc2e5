-- The same tables as the SQLite schema (PostgreSQL version n holds SQLite's version n + 1; this
-- first migration holds SQLite's first two), plus event_head: the one row that hands out seqs
-- (locked by every write transaction, see "Ordering" in docs/protocol.md) and holds the epoch
-- every instance shares. Text columns use the "C" collation so sorting and comparing ISO
-- timestamps behaves exactly as SQLite's BINARY collation, whatever the cluster's locale.
CREATE TABLE orders (
  id TEXT COLLATE "C" PRIMARY KEY NOT NULL,
  customer TEXT COLLATE "C" NOT NULL,
  region TEXT COLLATE "C" NOT NULL,
  pickup TEXT COLLATE "C" NOT NULL,
  dropoff TEXT COLLATE "C" NOT NULL,
  status TEXT COLLATE "C" NOT NULL,
  amount_cents BIGINT NOT NULL,
  due_at TEXT COLLATE "C" NOT NULL,
  updated_at TEXT COLLATE "C" NOT NULL,
  version BIGINT NOT NULL,
  changed_seq BIGINT NOT NULL DEFAULT 0);
CREATE INDEX orders_region ON orders(region);
CREATE INDEX orders_changed_seq ON orders(changed_seq);
CREATE TABLE event_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq BIGINT NOT NULL,
  epoch TEXT COLLATE "C" NOT NULL);
INSERT INTO event_head (id, seq, epoch) VALUES (1, 0, '');
CREATE TABLE event_log (
  seq BIGINT PRIMARY KEY,
  type TEXT COLLATE "C" NOT NULL,
  entity TEXT COLLATE "C" NOT NULL,
  entity_id TEXT COLLATE "C" NOT NULL,
  version BIGINT NOT NULL,
  ts TEXT COLLATE "C" NOT NULL,
  fields TEXT NOT NULL DEFAULT '{}',
  region TEXT COLLATE "C" NOT NULL DEFAULT '');
CREATE INDEX event_log_ts ON event_log(ts);
CREATE TABLE meta (key TEXT COLLATE "C" PRIMARY KEY NOT NULL, value TEXT NOT NULL);
CREATE TABLE order_history (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_id TEXT COLLATE "C" NOT NULL,
  seq BIGINT NOT NULL,
  actor TEXT NOT NULL,
  field TEXT COLLATE "C" NOT NULL,
  from_value TEXT NOT NULL,
  to_value TEXT NOT NULL,
  ts TEXT COLLATE "C" NOT NULL);
CREATE INDEX order_history_order ON order_history(order_id, seq);
CREATE TABLE drivers (
  id TEXT COLLATE "C" PRIMARY KEY NOT NULL,
  name TEXT NOT NULL,
  region TEXT COLLATE "C" NOT NULL,
  status TEXT COLLATE "C" NOT NULL,
  lat DOUBLE PRECISION NOT NULL,
  lon DOUBLE PRECISION NOT NULL,
  last_seen_at TEXT COLLATE "C" NOT NULL,
  version BIGINT NOT NULL);
CREATE TABLE payments (
  id TEXT COLLATE "C" PRIMARY KEY NOT NULL,
  order_id TEXT COLLATE "C" NOT NULL,
  region TEXT COLLATE "C" NOT NULL,
  amount_cents BIGINT NOT NULL,
  method TEXT COLLATE "C" NOT NULL,
  status TEXT COLLATE "C" NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  version BIGINT NOT NULL);
CREATE INDEX payments_order ON payments(order_id);
CREATE TABLE alerts (
  id TEXT COLLATE "C" PRIMARY KEY NOT NULL,
  kind TEXT COLLATE "C" NOT NULL,
  severity TEXT COLLATE "C" NOT NULL,
  subject_id TEXT COLLATE "C" NOT NULL,
  region TEXT COLLATE "C" NOT NULL,
  message TEXT NOT NULL,
  raised_at TEXT COLLATE "C" NOT NULL,
  status TEXT COLLATE "C" NOT NULL,
  version BIGINT NOT NULL);
CREATE INDEX alerts_subject ON alerts(kind, subject_id, status);
