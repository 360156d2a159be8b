-- Failed-charge recovery: a merchant-initiated charge refused for a reason that
-- may pass later (the balance was too low) is tried again on a schedule. The
-- payment row is the charge; it carries its current try. Each finished try is
-- kept here, its paymentRequestId still found when Antom speaks of it late.
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

-- The try under way (1 for the first), when it started, and the retry schedule
-- (JSON days after the charge, `[1,3,5]`); NULL: never retried (a buyer's own payment).
ALTER TABLE payment_attempts ADD COLUMN attempt BIGINT NOT NULL DEFAULT 1;
ALTER TABLE payment_attempts ADD COLUMN attempt_started_at BIGINT;
ALTER TABLE payment_attempts ADD COLUMN retry_schedule TEXT;
-- The buyer-present checkout made to recover a failed or retrying charge.
ALTER TABLE payment_attempts ADD COLUMN recovery_session_id TEXT;
