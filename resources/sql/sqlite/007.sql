-- Where an order is collected (both NULL: unknown), and the server's estimate of its arrival at
-- the drop-off with whether it came from the built-in model (eta_estimate 1) or a routing
-- service (0); both NULL while the order has no ETA. Rows from before keep NULLs.
ALTER TABLE orders ADD COLUMN pickup_lat REAL;
ALTER TABLE orders ADD COLUMN pickup_lon REAL;
ALTER TABLE orders ADD COLUMN eta_at TEXT;
ALTER TABLE orders ADD COLUMN eta_estimate INTEGER;
