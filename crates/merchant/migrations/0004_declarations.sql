-- Customs declarations of paid payments, recorded before they are sent.
-- declaration_request_id (≤ 32 characters, Antom's limit) is derived from
-- the payment and the Idempotency-Key.
CREATE TABLE declarations (
    id                       TEXT PRIMARY KEY,
    declaration_request_id   TEXT NOT NULL UNIQUE,
    payment_attempt_id       TEXT NOT NULL REFERENCES payment_attempts (id),
    idempotency_key          TEXT NOT NULL,
    -- SHA-256 of the request: replays are compared without keeping identity documents.
    request_fingerprint      TEXT NOT NULL,
    amount_minor             BIGINT NOT NULL CHECK (amount_minor > 0),
    currency                 TEXT NOT NULL,
    customs_code             TEXT NOT NULL,
    customs_region           TEXT NOT NULL,
    -- recorded | succeeded | failed | processing
    status                   TEXT NOT NULL,
    result_code              TEXT,
    identity_check_result    TEXT,
    clearing_channel         TEXT,
    created_at               BIGINT NOT NULL,
    updated_at               BIGINT NOT NULL,
    UNIQUE (payment_attempt_id, idempotency_key)
);
