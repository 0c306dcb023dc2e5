-- An order's driver (NULL: none) and drop-off position (both NULL: unknown). Rows from before
-- keep NULLs.
ALTER TABLE orders ADD COLUMN driver_id TEXT;
ALTER TABLE orders ADD COLUMN lat REAL;
ALTER TABLE orders ADD COLUMN lon REAL;
CREATE INDEX orders_driver ON orders(driver_id);
