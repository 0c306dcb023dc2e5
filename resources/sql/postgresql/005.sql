-- Drivers as data and positions from phones (SQLite's migration of the same name): phone,
-- vehicle, active flag, the last position's fix time, source, device and readings; a new driver
-- has no position yet, so lat, lon and last_seen_at become nullable. Rows from before take their
-- last_seen_at as the time of their position.
ALTER TABLE drivers ALTER COLUMN lat DROP NOT NULL;
ALTER TABLE drivers ALTER COLUMN lon DROP NOT NULL;
ALTER TABLE drivers ALTER COLUMN last_seen_at DROP NOT NULL;
ALTER TABLE drivers ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE drivers ADD COLUMN vehicle TEXT NOT NULL DEFAULT '';
ALTER TABLE drivers ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
ALTER TABLE drivers ADD COLUMN position_at TEXT COLLATE "C";
ALTER TABLE drivers ADD COLUMN position_source TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE drivers ADD COLUMN position_device TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE drivers ADD COLUMN battery DOUBLE PRECISION;
ALTER TABLE drivers ADD COLUMN speed_kmh DOUBLE PRECISION;
ALTER TABLE drivers ADD COLUMN bearing DOUBLE PRECISION;
ALTER TABLE drivers ADD COLUMN accuracy_m DOUBLE PRECISION;
UPDATE drivers SET position_at = last_seen_at;
-- Registered devices: the device key is a credential, kept only as its SHA-256 (hex). A revoked
-- device keeps its row (revoked_at set), so its key can never report again.
CREATE TABLE driver_devices (
  id TEXT COLLATE "C" PRIMARY KEY NOT NULL,
  driver_id TEXT COLLATE "C" NOT NULL,
  label TEXT NOT NULL,
  key_sha256 TEXT COLLATE "C" NOT NULL UNIQUE,
  registered_at TEXT COLLATE "C" NOT NULL,
  revoked_at TEXT COLLATE "C");
CREATE INDEX driver_devices_driver ON driver_devices(driver_id);
-- Who changed which field of a driver, with the seq of that change's event.
CREATE TABLE driver_history (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  driver_id TEXT COLLATE "C" NOT NULL,
  seq BIGINT NOT NULL,
  actor TEXT NOT NULL,
  field TEXT COLLATE "C" NOT NULL,
  from_value TEXT NOT NULL,
  to_value TEXT NOT NULL,
  ts TEXT COLLATE "C" NOT NULL);
CREATE INDEX driver_history_driver ON driver_history(driver_id, seq);
-- Breadcrumbs: every accepted position, trimmed by age and by count per driver.
CREATE TABLE driver_positions (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  driver_id TEXT COLLATE "C" NOT NULL,
  seq BIGINT NOT NULL,
  at TEXT COLLATE "C" NOT NULL,
  lat DOUBLE PRECISION NOT NULL,
  lon DOUBLE PRECISION NOT NULL,
  accuracy_m DOUBLE PRECISION,
  speed_kmh DOUBLE PRECISION,
  bearing DOUBLE PRECISION,
  battery DOUBLE PRECISION,
  source TEXT COLLATE "C" NOT NULL,
  device_id TEXT COLLATE "C" NOT NULL DEFAULT '');
CREATE INDEX driver_positions_driver ON driver_positions(driver_id, at);
CREATE INDEX driver_positions_at ON driver_positions(at);
