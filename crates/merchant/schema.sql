-- Generated from migrations/ by tests/api/schema.rs (SQLite's own text of each
-- table and index after every migration ran). Do not edit: add a migration, then
-- UPDATE_SCHEMA=1 cargo test -p merchant --test api schema

CREATE TABLE api_keys (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    secret_sha256 TEXT NOT NULL UNIQUE,
    -- Space-separated scope names: `read charges`.
    scopes        TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    created_by    TEXT NOT NULL,
    expires_at    BIGINT,
    revoked_at    BIGINT,
    last_used_at  BIGINT,
    -- The key this one replaced when it was rolled.
    rolled_from   TEXT
);

CREATE TABLE audit_log (
    id           TEXT PRIMARY KEY,
    at           BIGINT NOT NULL,
    -- Microseconds: orders actions within the same second.
    seq          BIGINT NOT NULL,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,
    subject      TEXT NOT NULL,
    before_json  TEXT,
    after_json   TEXT
);

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
    outcome              TEXT,
    browser_hash TEXT,
    agreed_at BIGINT,
    handover_code_hash TEXT,
    handover_auth_code_hash TEXT,
    handover_auth_code_enc TEXT,
    handover_expires_at BIGINT,
    handover_issued BIGINT NOT NULL DEFAULT 0,
    handover_tries BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE browser_checkouts (
    browser_hash         TEXT NOT NULL,
    checkout_session_id  TEXT NOT NULL REFERENCES checkout_sessions (id),
    created_at           BIGINT NOT NULL,
    expires_at           BIGINT NOT NULL,
    PRIMARY KEY (browser_hash, checkout_session_id)
);

CREATE TABLE browser_successors (
    old_hash   TEXT PRIMARY KEY,
    new_value  TEXT NOT NULL,
    until      BIGINT NOT NULL
);

CREATE TABLE charge_attempts (
    payment_id          TEXT NOT NULL REFERENCES payment_attempts (id),
    number              BIGINT NOT NULL,
    payment_request_id  TEXT NOT NULL UNIQUE,
    started_at          BIGINT NOT NULL,
    ended_at            BIGINT NOT NULL,
    status              TEXT NOT NULL,
    result_code         TEXT,
    PRIMARY KEY (payment_id, number)
);

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
    expires_at         BIGINT NOT NULL,
    embed_origin TEXT,
    regions_json TEXT,
    brand_color TEXT,
    recurring BIGINT NOT NULL DEFAULT 0,
    metadata_json TEXT,
    mode TEXT NOT NULL DEFAULT 'payment',
    account_hint TEXT,
    claimed_ip TEXT,
    claimed_user_agent TEXT,
    mandate_json TEXT,
    mandate_id TEXT,
    mandate_period_start BIGINT,
    renews_link_id TEXT
);

CREATE TABLE console_sign_ins (
    token_sha256  TEXT PRIMARY KEY,
    operator_id   TEXT NOT NULL REFERENCES operators (id),
    csrf_token    TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    last_seen_at  BIGINT NOT NULL,
    ended_at      BIGINT
);

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
    updated_at               BIGINT NOT NULL, customs_payment_id TEXT, customs_order_id TEXT, customs_result_code TEXT, customs_result_desc TEXT, customs_returned_at TEXT, unknown_checks BIGINT NOT NULL DEFAULT 0,
    UNIQUE (payment_attempt_id, idempotency_key)
);

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
    dispatched_at BIGINT,
    traceparent TEXT
);

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
    lease_until                BIGINT,
    expiring_reported_for BIGINT,
    unlinking_by TEXT,
    unlinking_at BIGINT
);

CREATE TABLE maintenance_done (
    name     TEXT PRIMARY KEY,
    done_at  BIGINT NOT NULL
);

CREATE TABLE mandates (
    id                      TEXT PRIMARY KEY,
    linked_wallet_id        TEXT NOT NULL UNIQUE REFERENCES linked_wallets (id),
    checkout_session_id     TEXT,
    description             TEXT NOT NULL,
    currency                TEXT NOT NULL,
    -- NULL only for a mandate carried over from before limits existed.
    max_per_charge_minor    BIGINT,
    -- day | week | month | year, with max_per_interval_minor; or both NULL.
    interval_unit           TEXT,
    max_per_interval_minor  BIGINT,
    ends_at                 BIGINT,
    created_at              BIGINT NOT NULL,
    ended_at                BIGINT,
    ended_by                TEXT,
    -- The interval the running total counts (its start), and the total.
    period_start            BIGINT,
    period_charged_minor    BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE notifications (
    body_hash    TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    reference    TEXT,
    body         TEXT NOT NULL,
    received_at  BIGINT NOT NULL
);

CREATE TABLE operator_recovery_codes (
    operator_id  TEXT NOT NULL REFERENCES operators (id),
    code_hash    TEXT NOT NULL,
    used_at      BIGINT
);

CREATE TABLE operators (
    id                TEXT PRIMARY KEY,
    email             TEXT NOT NULL UNIQUE,
    role              TEXT NOT NULL,
    password_hash     TEXT NOT NULL,
    totp_secret       TEXT NOT NULL,
    -- The last TOTP time step accepted: a code is good once.
    totp_last_step    BIGINT NOT NULL DEFAULT 0,
    failed_sign_ins   BIGINT NOT NULL DEFAULT 0,
    locked_until      BIGINT,
    -- A disabled operator cannot sign in, and their sign-ins have ended.
    disabled_at       BIGINT,
    created_at        BIGINT NOT NULL,
    created_by        TEXT NOT NULL
);

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
    lease_until          BIGINT, cancelled_at BIGINT, created_seq BIGINT NOT NULL DEFAULT 0, cancel_from TEXT, cancel_requested_at BIGINT, customs_amount_minor BIGINT, customs_currency TEXT, attempt BIGINT NOT NULL DEFAULT 1, attempt_started_at BIGINT, retry_schedule TEXT, recovery_session_id TEXT,
    UNIQUE (checkout_session_id, idempotency_key)
);

CREATE TABLE reconciliation_imports (
    id           TEXT PRIMARY KEY,
    -- Microseconds: orders imports within the same second.
    seq          BIGINT NOT NULL,
    actor        TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    report_json  TEXT NOT NULL
);

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
    lease_until          BIGINT, checks BIGINT NOT NULL DEFAULT 0,
    UNIQUE (payment_attempt_id, idempotency_key)
);

CREATE TABLE service_mode (
    id          BIGINT PRIMARY KEY CHECK (id = 1),
    mode        TEXT NOT NULL,
    stamped_at  BIGINT NOT NULL
);

CREATE TABLE settlement_files (
    name         TEXT PRIMARY KEY,
    sha256       TEXT NOT NULL,
    kind         TEXT NOT NULL,
    import_id    TEXT NOT NULL REFERENCES reconciliation_imports (id),
    row_count    BIGINT NOT NULL
);

CREATE TABLE settlement_items (
    file_name                        TEXT NOT NULL REFERENCES settlement_files (name),
    line                             BIGINT NOT NULL,
    settlement_batch_id              TEXT,
    transaction_type                 TEXT NOT NULL,
    transaction_id                   TEXT NOT NULL,
    transaction_request_id           TEXT,
    original_transaction_request_id  TEXT,
    amount_minor                     BIGINT NOT NULL,
    currency                         TEXT NOT NULL,
    settlement_minor                 BIGINT,
    settlement_currency              TEXT,
    fee_minor                        BIGINT,
    tax_minor                        BIGINT,
    PRIMARY KEY (file_name, line)
);

CREATE TABLE settlement_items_staged (
    import_id                        TEXT NOT NULL,
    file_name                        TEXT NOT NULL,
    line                             BIGINT NOT NULL,
    settlement_batch_id              TEXT,
    transaction_type                 TEXT NOT NULL,
    transaction_id                   TEXT NOT NULL,
    transaction_request_id           TEXT,
    original_transaction_request_id  TEXT,
    amount_minor                     BIGINT NOT NULL,
    currency                         TEXT NOT NULL,
    settlement_minor                 BIGINT,
    settlement_currency              TEXT,
    fee_minor                        BIGINT,
    tax_minor                        BIGINT,
    PRIMARY KEY (import_id, file_name, line)
);

CREATE TABLE unlink_marks (
    id TEXT PRIMARY KEY,
    link_id TEXT NOT NULL,
    ended_by TEXT NOT NULL,
    marked_at BIGINT NOT NULL,
    -- Real microseconds: which of two marks made within one second came first.
    marked_seq BIGINT NOT NULL,
    -- NULL while its revoke awaits Antom's answer; then `revoked`, `already_gone`
    -- (INVALID_ACCESS_TOKEN: someone else's revoke may have done it), `unknown` (no
    -- final answer: it may still happen) or `refused`.
    answer TEXT,
    -- When a TOKEN_CANCELED that could not be credited yet (unlinks by different
    -- parties awaiting answers) arrived: the last of them to be answered settles it.
    echo_deferred_at BIGINT
);

CREATE TABLE webhook_attempts (
    id             TEXT PRIMARY KEY,
    delivery_id    TEXT NOT NULL REFERENCES webhook_deliveries (id),
    at             BIGINT NOT NULL,
    at_seq         BIGINT NOT NULL,
    status_code    BIGINT,
    duration_ms    BIGINT NOT NULL,
    error          TEXT
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

CREATE INDEX audit_log_by_subject ON audit_log (subject, seq);

CREATE INDEX checkout_sessions_expires_at ON checkout_sessions (expires_at);

CREATE INDEX console_sign_ins_by_operator ON console_sign_ins (operator_id);

CREATE INDEX events_object ON events (object_id, created_seq);

CREATE INDEX events_undispatched ON events (dispatched_at, created_seq);

CREATE UNIQUE INDEX linked_wallets_by_token ON linked_wallets (access_token_hash);

CREATE UNIQUE INDEX linked_wallets_one_active
    ON linked_wallets (buyer_reference, wallet) WHERE status = 'active';

CREATE INDEX operator_recovery_codes_by_operator ON operator_recovery_codes (operator_id);

CREATE INDEX payment_attempts_by_antom_id ON payment_attempts (antom_payment_id);

CREATE INDEX payment_attempts_by_created ON payment_attempts (created_seq);

CREATE INDEX payment_attempts_by_paid_at ON payment_attempts (paid_at);

CREATE INDEX payment_attempts_due ON payment_attempts (status, next_check_at);

CREATE UNIQUE INDEX payment_attempts_one_live
    ON payment_attempts (checkout_session_id) WHERE status IN ('recorded', 'processing', 'succeeded');

CREATE INDEX refunds_by_antom_id ON refunds (antom_refund_id);

CREATE INDEX settlement_items_by_request ON settlement_items (transaction_request_id);

CREATE INDEX unlink_marks_by_age ON unlink_marks (marked_at);

CREATE INDEX unlink_marks_by_link ON unlink_marks (link_id, marked_seq);

CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, at_seq);

CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (endpoint_id, status);

CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
