-- A forwarded link must not bind a stranger's wallet unnoticed: the merchant
-- may say whose account the checkout is for (masked, e.g. k***@mail.com), which
-- the checkout shows before a wallet is linked; and the claiming browser's
-- address and user agent travel in wallet.linked, so the merchant can alert
-- the account's owner.
ALTER TABLE checkout_sessions ADD COLUMN account_hint TEXT;
ALTER TABLE checkout_sessions ADD COLUMN claimed_ip TEXT;
ALTER TABLE checkout_sessions ADD COLUMN claimed_user_agent TEXT;
