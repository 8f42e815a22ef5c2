-- Passkeys (WebAuthn). (PostgreSQL's side: migrations/postgres, same name.)

-- The random handle an account is known by to authenticators (WebAuthn's user id): never the
-- account's own id, so a passkey reveals nothing about it.
CREATE TABLE webauthn_users (
    user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    handle  TEXT    NOT NULL UNIQUE CHECK (length(handle) = 36)
) STRICT;

-- One row per passkey: its credential id, the name its owner gave it, and the credential as
-- webauthn-rs keeps it (public key, counter), as JSON. No secret is stored: a passkey's
-- private key never leaves the authenticator.
CREATE TABLE passkeys (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    credential_id TEXT    NOT NULL UNIQUE CHECK (length(credential_id) <= 1400),
    name          TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
    credential    TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,  -- Unix seconds, UTC
    last_used_at  INTEGER
) STRICT;

CREATE INDEX passkeys_by_user ON passkeys (user_id);

-- A registration or sign-in in progress between its two requests (any instance may take the
-- second): the challenge's state, found by the SHA-256 of a random token, five minutes, once.
CREATE TABLE webauthn_ceremonies (
    id         TEXT    PRIMARY KEY CHECK (length(id) = 64),
    user_id    INTEGER REFERENCES users (id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL CHECK (kind IN ('register', 'login')),
    state      TEXT    NOT NULL,
    expires_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE INDEX webauthn_ceremonies_by_expiry ON webauthn_ceremonies (expires_at);
