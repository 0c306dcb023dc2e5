-- Drivers as data and positions from phones. A driver has a phone, a vehicle and an active flag
-- (deactivated drivers keep their rows and history); the last position keeps its fix time, its
-- source (osmand, driver_api), the device that sent it and what that device said (battery,
-- speed, heading, accuracy). A new driver has no position yet, so lat, lon and last_seen_at
-- become nullable: SQLite cannot drop NOT NULL in place, so the table is rebuilt. Rows from
-- before take their last_seen_at as the time of their position.
CREATE TABLE drivers_next (
  id TEXT PRIMARY KEY NOT NULL,
  name TEXT NOT NULL,
  region TEXT NOT NULL,
  status TEXT NOT NULL,
  lat REAL,
  lon REAL,
  last_seen_at TEXT,
  version INTEGER NOT NULL,
  phone TEXT NOT NULL DEFAULT '',
  vehicle TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1,
  position_at TEXT,
  position_source TEXT NOT NULL DEFAULT '',
  position_device TEXT NOT NULL DEFAULT '',
  battery REAL,
  speed_kmh REAL,
  bearing REAL,
  accuracy_m REAL);
INSERT INTO drivers_next (id, name, region, status, lat, lon, last_seen_at, version, position_at)
  SELECT id, name, region, status, lat, lon, last_seen_at, version, last_seen_at FROM drivers;
DROP TABLE drivers;
ALTER TABLE drivers_next RENAME TO drivers;
-- Registered devices: the device key is a credential, kept only as its SHA-256 (hex). A revoked
-- device keeps its row (revoked_at set), so its key can never report again.
CREATE TABLE driver_devices (
  id TEXT PRIMARY KEY NOT NULL,
  driver_id TEXT NOT NULL,
  label TEXT NOT NULL,
  key_sha256 TEXT NOT NULL UNIQUE,
  registered_at TEXT NOT NULL,
  revoked_at TEXT);
CREATE INDEX driver_devices_driver ON driver_devices(driver_id);
-- Who changed which field of a driver, with the seq of that change's event.
CREATE TABLE driver_history (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  driver_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  actor TEXT NOT NULL,
  field TEXT NOT NULL,
  from_value TEXT NOT NULL,
  to_value TEXT NOT NULL,
  ts TEXT NOT NULL);
CREATE INDEX driver_history_driver ON driver_history(driver_id, seq);
-- Breadcrumbs: every accepted position, trimmed by age and by count per driver.
CREATE TABLE driver_positions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  driver_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  at TEXT NOT NULL,
  lat REAL NOT NULL,
  lon REAL NOT NULL,
  accuracy_m REAL,
  speed_kmh REAL,
  bearing REAL,
  battery REAL,
  source TEXT NOT NULL,
  device_id TEXT NOT NULL DEFAULT '');
CREATE INDEX driver_positions_driver ON driver_positions(driver_id, at);
CREATE INDEX driver_positions_at ON driver_positions(at);
