-- The merchant page origin allowed to embed this checkout in an iframe and
-- to receive its postMessage events (one of MERCHANT_ORIGINS).
ALTER TABLE checkout_sessions ADD COLUMN embed_origin TEXT;
