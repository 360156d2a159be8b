-- Refund inquiries back off (5 s doubling to an hour) and end after a week:
-- how many found the refund still unsettled.
ALTER TABLE refunds ADD COLUMN checks BIGINT NOT NULL DEFAULT 0;

-- Who is unlinking a link, and since when, marked before revoke is sent: the
-- TOKEN_CANCELED that Antom sends for our own revoke is then credited to them,
-- not to the wallet app.
ALTER TABLE linked_wallets ADD COLUMN unlinking_by TEXT;
ALTER TABLE linked_wallets ADD COLUMN unlinking_at BIGINT;

-- Inquiries about a customs declaration that found it in a state we do not
-- know; after a bound, nobody asks any more and the declaration says why.
ALTER TABLE declarations ADD COLUMN unknown_checks BIGINT NOT NULL DEFAULT 0;
