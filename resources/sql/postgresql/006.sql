-- Where an order is collected (both NULL: unknown), and the server's estimate of its arrival at
-- the drop-off with whether it came from the built-in model (eta_estimate 1) or a routing
-- service (0); both NULL while the order has no ETA.
ALTER TABLE orders ADD COLUMN pickup_lat DOUBLE PRECISION;
ALTER TABLE orders ADD COLUMN pickup_lon DOUBLE PRECISION;
ALTER TABLE orders ADD COLUMN eta_at TEXT COLLATE "C";
ALTER TABLE orders ADD COLUMN eta_estimate INTEGER;
