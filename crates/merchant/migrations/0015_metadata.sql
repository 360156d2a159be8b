-- The merchant's own key-value pairs on a checkout session (and so on its payments),
-- returned in the API and in webhooks, never shown to the buyer.
ALTER TABLE checkout_sessions ADD COLUMN metadata_json TEXT;
