-- Every back-office action: who (API key id, never the key), what, when, before and after.
CREATE TABLE audit_log (
    id           TEXT PRIMARY KEY,
    at           BIGINT NOT NULL,
    -- Microseconds: orders actions within the same second.
    seq          BIGINT NOT NULL,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,
    subject      TEXT NOT NULL,
    before_json  TEXT,
    after_json   TEXT
);
CREATE INDEX audit_log_by_subject ON audit_log (subject, seq);
