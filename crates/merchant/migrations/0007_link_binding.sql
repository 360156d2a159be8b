-- A wallet link completes only in the browser that started it (RFC 6749
-- §10.12): the SHA-256 of that browser's buyer cookie. A notification may
-- say the buyer agreed (agreed_at), but never links by itself.
ALTER TABLE authorization_attempts ADD COLUMN browser_hash TEXT;
ALTER TABLE authorization_attempts ADD COLUMN agreed_at BIGINT;
