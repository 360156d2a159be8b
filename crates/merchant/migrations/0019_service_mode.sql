-- Which mode this database serves, stamped by the first service that opens it:
-- a live service never runs on a sandbox's database (its links and payments
-- are the sandbox's fakes), and a sandbox never on a live one.
CREATE TABLE service_mode (
    id          BIGINT PRIMARY KEY CHECK (id = 1),
    mode        TEXT NOT NULL,
    stamped_at  BIGINT NOT NULL
);
