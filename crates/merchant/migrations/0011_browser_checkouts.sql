-- One buyer cookie per browser, naming every checkout it claimed: opening a
-- second checkout (or being made to open one) adds to it and never replaces
-- the first; every /api call names its checkout and is checked against these rows.
CREATE TABLE browser_checkouts (
    browser_hash         TEXT NOT NULL,
    checkout_session_id  TEXT NOT NULL REFERENCES checkout_sessions (id),
    created_at           BIGINT NOT NULL,
    expires_at           BIGINT NOT NULL,
    PRIMARY KEY (browser_hash, checkout_session_id)
);
INSERT INTO browser_checkouts (browser_hash, checkout_session_id, created_at, expires_at)
    SELECT id_hash, checkout_session_id, created_at, expires_at FROM browser_sessions;
DROP TABLE browser_sessions;
