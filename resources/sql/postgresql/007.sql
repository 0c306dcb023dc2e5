-- Orders from outside (docs/protocol.md, "POST /api/orders"): contact, the start of a delivery
-- window (it ends at due_at), notes and the sender's own reference, unique (NULL: none; NULLs
-- never collide); the pickup position came with ETAs. Rows from before keep empty text and NULLs.
ALTER TABLE orders ADD COLUMN contact_name TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN contact_phone TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN notes TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN window_start TEXT COLLATE "C";
ALTER TABLE orders ADD COLUMN external_ref TEXT COLLATE "C";
CREATE UNIQUE INDEX orders_external_ref ON orders(external_ref);
-- Why a change was made (cancellations, failures, corrections); '' when no reason was given.
ALTER TABLE order_history ADD COLUMN reason TEXT NOT NULL DEFAULT '';
-- The first answer to a create sent with an Idempotency-Key, per user, so a retry gets it again.
CREATE TABLE idempotency_keys (
  actor TEXT COLLATE "C" NOT NULL,
  idem_key TEXT COLLATE "C" NOT NULL,
  request_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  order_id TEXT COLLATE "C" NOT NULL,
  response TEXT NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (actor, idem_key));
CREATE INDEX idempotency_keys_created ON idempotency_keys(created_at);
-- One row per CSV import: what it read and created; its event is 'import.created'.
CREATE TABLE imports (
  id TEXT COLLATE "C" PRIMARY KEY NOT NULL,
  actor TEXT NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  rows_read BIGINT NOT NULL,
  created BIGINT NOT NULL,
  existing BIGINT NOT NULL,
  first_order_id TEXT COLLATE "C" NOT NULL,
  last_order_id TEXT COLLATE "C" NOT NULL,
  version BIGINT NOT NULL);
-- Webhooks out: per configured endpoint, the last event delivered (durable, so a restart or a
-- crash resumes after it) and the time of the last successful delivery.
CREATE TABLE webhook_cursors (
  endpoint TEXT COLLATE "C" PRIMARY KEY NOT NULL,
  epoch TEXT COLLATE "C" NOT NULL,
  seq BIGINT NOT NULL,
  delivered BIGINT NOT NULL DEFAULT 0,
  last_success_at TEXT COLLATE "C");
