-- One row per login. Its random id is the JWT's `jti`; logout sets revoked_at, and every
-- authenticated request checks the row is live, so a signed token alone is not enough.
CREATE TABLE sessions (
    id         TEXT    PRIMARY KEY,  -- 128 random bits, base64url
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,     -- Unix seconds, UTC
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER,
    user_agent TEXT CHECK (user_agent IS NULL OR length(user_agent) <= 512)
) STRICT;

CREATE INDEX sessions_by_user ON sessions (user_id);
