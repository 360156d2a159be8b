-- The worker asks each round which sessions ran out in the last day
-- (`sessions::report_expired`); without this it reads every session ever made.
CREATE INDEX checkout_sessions_expires_at ON checkout_sessions (expires_at);
