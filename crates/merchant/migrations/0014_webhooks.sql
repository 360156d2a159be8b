-- Webhooks to the merchant's systems (Standard Webhooks). `events` is the
-- outbox: a row is written in the same transaction as the change it reports;
-- `dedupe_key` makes a change reported once however many times it is applied.
CREATE TABLE events (
    id            TEXT PRIMARY KEY,
    type          TEXT NOT NULL,
    object_type   TEXT NOT NULL,
    object_id     TEXT NOT NULL,
    detail_json   TEXT,
    dedupe_key    TEXT NOT NULL UNIQUE,
    created_at    BIGINT NOT NULL,
    created_seq   BIGINT NOT NULL,
    data_json     TEXT,
    dispatched_at BIGINT
);
CREATE INDEX events_undispatched ON events (dispatched_at, created_seq);
CREATE INDEX events_object ON events (object_id, created_seq);

CREATE TABLE webhook_endpoints (
    id                   TEXT PRIMARY KEY,
    url                  TEXT NOT NULL,
    event_types_json     TEXT NOT NULL,
    secret_enc           TEXT NOT NULL,
    previous_secret_enc  TEXT,
    previous_until       BIGINT,
    created_at           BIGINT NOT NULL,
    deleted_at           BIGINT
);

CREATE TABLE webhook_deliveries (
    id               TEXT PRIMARY KEY,
    event_id         TEXT NOT NULL REFERENCES events (id),
    endpoint_id      TEXT NOT NULL REFERENCES webhook_endpoints (id),
    status           TEXT NOT NULL,
    attempts         BIGINT NOT NULL DEFAULT 0,
    next_attempt_at  BIGINT,
    lease_until      BIGINT,
    created_at       BIGINT NOT NULL,
    finished_at      BIGINT,
    UNIQUE (event_id, endpoint_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);

CREATE TABLE webhook_attempts (
    id             TEXT PRIMARY KEY,
    delivery_id    TEXT NOT NULL REFERENCES webhook_deliveries (id),
    at             BIGINT NOT NULL,
    at_seq         BIGINT NOT NULL,
    status_code    BIGINT,
    duration_ms    BIGINT NOT NULL,
    response_head  TEXT,
    error          TEXT
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, at_seq);
