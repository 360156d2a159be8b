-- A cancel is recorded before it is sent: the payment moves to 'cancelling'
-- in one conditional update (never while a refund holds part of it), and
-- remembers where it came from, to go back there if Antom refuses.
ALTER TABLE payment_attempts ADD COLUMN cancel_from TEXT;
ALTER TABLE payment_attempts ADD COLUMN cancel_requested_at BIGINT;
