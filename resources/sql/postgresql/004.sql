-- Alerts that cannot get lost: who acknowledged and resolved an alert and when, its text as
-- data (a code and its parameters, a JSON object), and its last escalation step (JSON, NULL
-- before the first); receipts (who has seen it); the alert rules (per region, `*` = default).
ALTER TABLE alerts ADD COLUMN code TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE alerts ADD COLUMN params TEXT NOT NULL DEFAULT '{}';
ALTER TABLE alerts ADD COLUMN acknowledged_by TEXT;
ALTER TABLE alerts ADD COLUMN acknowledged_at TEXT COLLATE "C";
ALTER TABLE alerts ADD COLUMN resolved_by TEXT;
ALTER TABLE alerts ADD COLUMN resolved_at TEXT COLLATE "C";
ALTER TABLE alerts ADD COLUMN escalation TEXT;
CREATE INDEX alerts_status ON alerts(status, raised_at);
CREATE TABLE alert_receipts (
  alert_id TEXT COLLATE "C" NOT NULL,
  user_name TEXT NOT NULL,
  seen_at TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (alert_id, user_name));
CREATE TABLE alert_rules (
  region TEXT COLLATE "C" NOT NULL,
  kind TEXT COLLATE "C" NOT NULL,
  enabled INTEGER NOT NULL,
  severity TEXT COLLATE "C" NOT NULL,
  threshold_minutes INTEGER NOT NULL,
  renotify_minutes INTEGER NOT NULL,
  escalate_minutes INTEGER NOT NULL,
  remind_minutes INTEGER NOT NULL,
  version BIGINT NOT NULL,
  updated_at TEXT COLLATE "C" NOT NULL,
  updated_by TEXT NOT NULL,
  PRIMARY KEY (region, kind));
