-- Whether the buyer's authorization will pay recurring charges (subscriptions):
-- some wallets (PayPay) must be told so when the link is started.
ALTER TABLE checkout_sessions ADD COLUMN recurring BIGINT NOT NULL DEFAULT 0;
