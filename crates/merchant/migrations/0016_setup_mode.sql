-- A checkout in setup mode links a wallet without paying (a subscription sign-up).
ALTER TABLE checkout_sessions ADD COLUMN mode TEXT NOT NULL DEFAULT 'payment';
