-- Alerts that cannot get lost: who acknowledged and resolved an alert and when, its text as
-- data (a code and its parameters, a JSON object), and its last escalation step (JSON, NULL
-- before the first); receipts (who has seen it); the alert rules (per region, `*` = default).
ALTER TABLE alerts ADD COLUMN code TEXT NOT NULL DEFAULT '';
ALTER TABLE alerts ADD COLUMN params TEXT NOT NULL DEFAULT '{}';
ALTER TABLE alerts ADD COLUMN acknowledged_by TEXT;
ALTER TABLE alerts ADD COLUMN acknowledged_at TEXT;
ALTER TABLE alerts ADD COLUMN resolved_by TEXT;
ALTER TABLE alerts ADD COLUMN resolved_at TEXT;
ALTER TABLE alerts ADD COLUMN escalation TEXT;
CREATE INDEX alerts_status ON alerts(status, raised_at);
CREATE TABLE alert_receipts (
  alert_id TEXT NOT NULL,
  user_name TEXT NOT NULL,
  seen_at TEXT NOT NULL,
  PRIMARY KEY (alert_id, user_name));
CREATE TABLE alert_rules (
  region TEXT NOT NULL,
  kind TEXT NOT NULL,
  enabled INTEGER NOT NULL,
  severity TEXT NOT NULL,
  threshold_minutes INTEGER NOT NULL,
  renotify_minutes INTEGER NOT NULL,
  escalate_minutes INTEGER NOT NULL,
  remind_minutes INTEGER NOT NULL,
  version INTEGER NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  PRIMARY KEY (region, kind));
