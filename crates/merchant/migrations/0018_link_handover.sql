-- A wallet that sends the buyer back to another browser (the phone's default
-- browser instead of the in-app one that started the link): that browser gets a
-- short code to type into the checkout that started it (`handover.rs`). Kept
-- per attempt: the code's hash, the wallet's authCode (encrypted) until the
-- starting browser redeems it, when the code runs out, how many codes were
-- shown and how many were tried.
ALTER TABLE authorization_attempts ADD COLUMN handover_code_hash TEXT;
-- The first authCode a code was shown for (keyed hash): a later call with
-- another authCode is refused, so whoever learns an authState cannot swap in
-- their own wallet's answer or retire the buyer's code.
ALTER TABLE authorization_attempts ADD COLUMN handover_auth_code_hash TEXT;
ALTER TABLE authorization_attempts ADD COLUMN handover_auth_code_enc TEXT;
ALTER TABLE authorization_attempts ADD COLUMN handover_expires_at BIGINT;
ALTER TABLE authorization_attempts ADD COLUMN handover_issued BIGINT NOT NULL DEFAULT 0;
ALTER TABLE authorization_attempts ADD COLUMN handover_tries BIGINT NOT NULL DEFAULT 0;
