-- API keys: any number, each named and scoped. The secret is kept as its
-- SHA-256 only (it is 256 random bits: a slow hash would add nothing), and is
-- shown once, when made.
CREATE TABLE api_keys (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    secret_sha256 TEXT NOT NULL UNIQUE,
    -- Space-separated scope names: `read charges`.
    scopes        TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    created_by    TEXT NOT NULL,
    expires_at    BIGINT,
    revoked_at    BIGINT,
    last_used_at  BIGINT,
    -- The key this one replaced when it was rolled.
    rolled_from   TEXT
);

-- People who sign in to the console. Passwords are Argon2id (PHC strings);
-- the TOTP secret is encrypted like wallet tokens.
CREATE TABLE operators (
    id                TEXT PRIMARY KEY,
    email             TEXT NOT NULL UNIQUE,
    role              TEXT NOT NULL,
    password_hash     TEXT NOT NULL,
    totp_secret       TEXT NOT NULL,
    -- The last TOTP time step accepted: a code is good once.
    totp_last_step    BIGINT NOT NULL DEFAULT 0,
    failed_sign_ins   BIGINT NOT NULL DEFAULT 0,
    locked_until      BIGINT,
    -- A disabled operator cannot sign in, and their sign-ins have ended.
    disabled_at       BIGINT,
    created_at        BIGINT NOT NULL,
    created_by        TEXT NOT NULL
);

-- Single-use recovery codes, Argon2id like passwords.
CREATE TABLE operator_recovery_codes (
    operator_id  TEXT NOT NULL REFERENCES operators (id),
    code_hash    TEXT NOT NULL,
    used_at      BIGINT
);
CREATE INDEX operator_recovery_codes_by_operator ON operator_recovery_codes (operator_id);

-- Console sign-ins, by the SHA-256 of the cookie's value.
CREATE TABLE console_sign_ins (
    token_sha256  TEXT PRIMARY KEY,
    operator_id   TEXT NOT NULL REFERENCES operators (id),
    csrf_token    TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    last_seen_at  BIGINT NOT NULL,
    ended_at      BIGINT
);
CREATE INDEX console_sign_ins_by_operator ON console_sign_ins (operator_id);
