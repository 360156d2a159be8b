-- One-time passes over the data the service runs at start, by name, once each
-- (binding sealed values to their rows: a value restored from an old backup
-- afterwards is never bound, so never read).
CREATE TABLE maintenance_done (
    name     TEXT PRIMARY KEY,
    done_at  BIGINT NOT NULL
);
