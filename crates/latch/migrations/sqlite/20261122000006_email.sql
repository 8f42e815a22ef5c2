-- Email: whether the address is proven, one-time tokens mailed to it, and the outbox every
-- message goes through. (PostgreSQL's side: migrations/postgres, same name.)

-- When the owner proved they read mail at this address; NULL until then.
ALTER TABLE users ADD COLUMN email_verified_at INTEGER;

-- One-time tokens sent by mail: 32 random bytes, of which only the SHA-256 is kept. `lookup`
-- (its first 8 bytes, in hex) finds the row; the whole hash is then compared in constant time.
-- `email` is the address the link went to: a token verifies that address and no other.
CREATE TABLE email_tokens (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    TEXT    NOT NULL CHECK (purpose IN ('verify_email', 'reset_password', 'change_email')),
    lookup     TEXT    NOT NULL CHECK (length(lookup) = 16),
    token_hash TEXT    NOT NULL CHECK (length(token_hash) = 64),
    email      TEXT    NOT NULL CHECK (length(email) <= 254),
    created_at INTEGER NOT NULL,  -- Unix seconds, UTC
    expires_at INTEGER NOT NULL
) STRICT;

CREATE INDEX email_tokens_by_lookup ON email_tokens (lookup);
CREATE INDEX email_tokens_by_user ON email_tokens (user_id, purpose);
CREATE INDEX email_tokens_by_expiry ON email_tokens (expires_at);

-- Every message, written in the same transaction as the change that causes it, then sent by
-- a background worker: a message is never lost to a crash or an SMTP outage. A worker claims
-- a due row by moving `next_attempt_at` past its lease; a process that dies mid-send leaves
-- the row to be claimed again when the lease ends (sent at least once).
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    kind            TEXT    NOT NULL CHECK (length(kind) <= 32),
    recipient       TEXT    NOT NULL CHECK (length(recipient) <= 254),
    subject         TEXT    NOT NULL CHECK (length(subject) <= 200),
    text_body       TEXT    NOT NULL,
    html_body       TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,  -- Unix seconds, UTC
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    sent_at         INTEGER,
    -- A permanent refusal (5xx): retrying cannot help, so the worker stops and says why.
    gave_up_at      INTEGER,
    last_error      TEXT CHECK (last_error IS NULL OR length(last_error) <= 500)
) STRICT;

CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE sent_at IS NULL AND gave_up_at IS NULL;
CREATE INDEX outbox_by_age ON outbox (created_at);
