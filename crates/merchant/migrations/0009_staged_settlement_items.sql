-- A large import's rows are written here first, in short transactions of
-- their own, so payments never wait behind one long write; the import then
-- moves them to settlement_items in one short transaction (all or nothing).
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
