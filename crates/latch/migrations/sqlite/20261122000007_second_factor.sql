-- Second factors: an authenticator app (TOTP) with recovery codes, and the challenge a right
-- password gives an account that has one. (PostgreSQL's side: migrations/postgres, same name.)

-- One authenticator per account. The secret is sealed (ChaCha20-Poly1305, a key derived from
-- FACTOR_SECRET, the account's id as associated data), never stored in clear. `enabled_at` is
-- NULL between setup and the first right code. `last_step` is the last 30-second step whose
-- code was accepted: a code is accepted once.
CREATE TABLE totp_factors (
    user_id       INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    secret_sealed TEXT    NOT NULL CHECK (length(secret_sealed) <= 200),
    created_at    INTEGER NOT NULL,  -- Unix seconds, UTC
    enabled_at    INTEGER,
    last_step     INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Ten single-use codes per account, each stored as an HMAC-SHA256 under a key derived from
-- FACTOR_SECRET (a leaked table alone cannot be searched for them).
CREATE TABLE recovery_codes (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash TEXT    NOT NULL CHECK (length(code_hash) = 64),
    used_at   INTEGER
) STRICT;

CREATE INDEX recovery_codes_by_user ON recovery_codes (user_id);

-- The second step of a login: given for a right password, as a random token of which only
-- the SHA-256 is kept (`id`). Five minutes, five attempts, single use.
CREATE TABLE login_challenges (
    id         TEXT    PRIMARY KEY CHECK (length(id) = 64),
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    used_at    INTEGER
) STRICT, WITHOUT ROWID;  -- keyed by the hash alone: no hidden insertion order to keep

CREATE INDEX login_challenges_by_expiry ON login_challenges (expires_at);
