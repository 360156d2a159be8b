-- When a paid payment was cancelled: it settles as PAYMENT + CANCEL that day.
ALTER TABLE payment_attempts ADD COLUMN cancelled_at BIGINT;
-- Microseconds: orders the operator's payment list within a second.
ALTER TABLE payment_attempts ADD COLUMN created_seq BIGINT NOT NULL DEFAULT 0;
UPDATE payment_attempts SET created_seq = created_at * 1000000;
CREATE INDEX payment_attempts_by_created ON payment_attempts (created_seq);
CREATE INDEX payment_attempts_by_antom_id ON payment_attempts (antom_payment_id);
CREATE INDEX payment_attempts_by_paid_at ON payment_attempts (paid_at);
CREATE INDEX refunds_by_antom_id ON refunds (antom_refund_id);

-- Each import of Antom's reconciliation reports, with the report it produced.
CREATE TABLE reconciliation_imports (
    id           TEXT PRIMARY KEY,
    -- Microseconds: orders imports within the same second.
    seq          BIGINT NOT NULL,
    actor        TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    report_json  TEXT NOT NULL
);

-- Each report file, once per content: a file with the same bytes is not
-- imported twice; one with the same name and new bytes replaces it.
CREATE TABLE settlement_files (
    name         TEXT PRIMARY KEY,
    sha256       TEXT NOT NULL,
    kind         TEXT NOT NULL,
    import_id    TEXT NOT NULL REFERENCES reconciliation_imports (id),
    row_count    BIGINT NOT NULL
);

-- The rows of the imported files, as Antom wrote them (amounts signed, minor units).
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
CREATE INDEX settlement_items_by_request ON settlement_items (transaction_request_id);
