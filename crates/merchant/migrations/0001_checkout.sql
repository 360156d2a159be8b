-- One schema for SQLite and PostgreSQL: TEXT, BIGINT and portable partial
-- indexes only. Times are Unix seconds; money is BIGINT minor units.

-- A merchant's order waiting for the buyer. The checkout URL carries a
-- one-time claim token; only its SHA-256 is kept.
CREATE TABLE checkout_sessions (
    id                 TEXT PRIMARY KEY,
    claim_token_hash   TEXT NOT NULL,
    claimed_at         BIGINT,
    buyer_reference    TEXT NOT NULL,
    order_reference    TEXT NOT NULL,
    order_description  TEXT NOT NULL,
    amount_minor       BIGINT NOT NULL CHECK (amount_minor > 0),
    currency           TEXT NOT NULL,
    items_json         TEXT NOT NULL,
    region             TEXT,
    locale             TEXT,
    terminal           TEXT,
    return_url         TEXT,
    created_at         BIGINT NOT NULL,
    expires_at         BIGINT NOT NULL
);

-- The buyer's browser, after claiming a session (cookie value hashed).
CREATE TABLE browser_sessions (
    id_hash              TEXT PRIMARY KEY,
    checkout_session_id  TEXT NOT NULL REFERENCES checkout_sessions (id),
    created_at           BIGINT NOT NULL,
    expires_at           BIGINT NOT NULL
);

-- Each trip to a wallet's authorization page. auth_state is one-time.
CREATE TABLE authorization_attempts (
    auth_state           TEXT PRIMARY KEY,
    checkout_session_id  TEXT NOT NULL REFERENCES checkout_sessions (id),
    buyer_reference      TEXT NOT NULL,
    wallet               TEXT NOT NULL,
    terminal             TEXT NOT NULL,
    created_at           BIGINT NOT NULL,
    expires_at           BIGINT NOT NULL,
    used_at              BIGINT,
    -- linked | declined | rejected:<Antom code>
    outcome              TEXT
);

-- A buyer's authorized wallet. Tokens are AES-256-GCM encrypted; the
-- access token's SHA-256 finds the row when the wallet cancels it.
CREATE TABLE linked_wallets (
    id                         TEXT PRIMARY KEY,
    buyer_reference            TEXT NOT NULL,
    wallet                     TEXT NOT NULL,
    display_account            TEXT,
    access_token_enc           TEXT NOT NULL,
    access_token_hash          TEXT NOT NULL,
    access_token_expires_at    BIGINT,
    refresh_token_enc          TEXT,
    refresh_token_expires_at   BIGINT,
    -- active | unlinked | revoked_by_wallet | expired
    status                     TEXT NOT NULL,
    created_at                 BIGINT NOT NULL,
    updated_at                 BIGINT NOT NULL,
    lease_until                BIGINT
);
CREATE UNIQUE INDEX linked_wallets_one_active
    ON linked_wallets (buyer_reference, wallet) WHERE status = 'active';
CREATE INDEX linked_wallets_by_token ON linked_wallets (access_token_hash);

-- Each pay call, recorded before it is sent. payment_request_id is what
-- Antom sees; it is derived from the session and the Idempotency-Key.
CREATE TABLE payment_attempts (
    id                   TEXT PRIMARY KEY,
    payment_request_id   TEXT NOT NULL UNIQUE,
    checkout_session_id  TEXT NOT NULL REFERENCES checkout_sessions (id),
    idempotency_key      TEXT NOT NULL,
    request_fingerprint  TEXT NOT NULL,
    buyer_reference      TEXT NOT NULL,
    wallet               TEXT NOT NULL,
    linked_wallet_id     TEXT NOT NULL REFERENCES linked_wallets (id),
    amount_minor         BIGINT NOT NULL,
    currency             TEXT NOT NULL,
    -- recorded (not yet known to be sent) | processing | succeeded | failed | cancelled
    status               TEXT NOT NULL,
    result_code          TEXT,
    antom_payment_id     TEXT,
    paid_at              BIGINT,
    refunded_minor       BIGINT NOT NULL DEFAULT 0,
    created_at           BIGINT NOT NULL,
    updated_at           BIGINT NOT NULL,
    next_check_at        BIGINT,
    checks               BIGINT NOT NULL DEFAULT 0,
    lease_until          BIGINT,
    UNIQUE (checkout_session_id, idempotency_key)
);
-- At most one live payment per checkout session, whatever the keys: no double charge.
CREATE UNIQUE INDEX payment_attempts_one_live
    ON payment_attempts (checkout_session_id) WHERE status IN ('recorded', 'processing', 'succeeded');
CREATE INDEX payment_attempts_due ON payment_attempts (status, next_check_at);

-- Refunds, recorded before they are sent.
CREATE TABLE refunds (
    id                   TEXT PRIMARY KEY,
    refund_request_id    TEXT NOT NULL UNIQUE,
    payment_attempt_id   TEXT NOT NULL REFERENCES payment_attempts (id),
    idempotency_key      TEXT NOT NULL,
    amount_minor         BIGINT NOT NULL CHECK (amount_minor > 0),
    currency             TEXT NOT NULL,
    reason               TEXT,
    -- recorded | processing | succeeded | failed
    status               TEXT NOT NULL,
    result_code          TEXT,
    antom_refund_id      TEXT,
    created_at           BIGINT NOT NULL,
    updated_at           BIGINT NOT NULL,
    next_check_at        BIGINT,
    lease_until          BIGINT,
    UNIQUE (payment_attempt_id, idempotency_key)
);

-- Every notification that passed its signature check, once (by body hash).
CREATE TABLE notifications (
    body_hash    TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    reference    TEXT,
    body         TEXT NOT NULL,
    received_at  BIGINT NOT NULL
);
