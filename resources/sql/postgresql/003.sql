-- An order's driver (NULL: none) and drop-off position (both NULL: unknown).
ALTER TABLE orders ADD COLUMN driver_id TEXT COLLATE "C";
ALTER TABLE orders ADD COLUMN lat DOUBLE PRECISION;
ALTER TABLE orders ADD COLUMN lon DOUBLE PRECISION;
CREATE INDEX orders_driver ON orders(driver_id);
