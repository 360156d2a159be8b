-- A wallet that sends the buyer back to another browser (the phone's default
-- browser instead of the in-app one that started the link): that browser gets a
-- short code to type into the checkout that started it (`handover.rs`). Kept
-- per attempt: the code's hash, the wallet's authCode (encrypted) until the
-- starting browser redeems it, when the code runs out, how many codes were
-- shown and how many were tried.
ALTER TABLE authorization_attempts ADD COLUMN handover_code_hash TEXT;
ALTER TABLE authorization_attempts ADD COLUMN handover_auth_code_enc TEXT;
ALTER TABLE authorization_attempts ADD COLUMN handover_expires_at BIGINT;
ALTER TABLE authorization_attempts ADD COLUMN handover_issued INTEGER NOT NULL DEFAULT 0;
ALTER TABLE authorization_attempts ADD COLUMN handover_tries INTEGER NOT NULL DEFAULT 0;
