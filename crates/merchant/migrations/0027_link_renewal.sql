-- `wallet.expiring`: the lapse time (refresh token's expiry, or the access
-- token's when there is no refresh token) last reported for each link, so each
-- lapse is reported once, and a renewed link is reported again before its new one.
ALTER TABLE linked_wallets ADD COLUMN expiring_reported_for BIGINT;

-- A relink checkout: the link it renews (its mandate is kept, and shown before linking).
ALTER TABLE checkout_sessions ADD COLUMN renews_link_id TEXT;
