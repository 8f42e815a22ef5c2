-- One row per login. Its random id is the JWT's `jti`; logout sets revoked_at, and every
-- authenticated request checks the row is live, so a signed token alone is not enough.
CREATE TABLE sessions (
    id         TEXT   PRIMARY KEY,  -- 128 random bits, base64url
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,     -- Unix seconds, UTC
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT,
    user_agent TEXT CHECK (user_agent IS NULL OR length(user_agent) <= 512),
    -- Insertion order, which breaks ties between logins in the same second. SQLite gives
    -- every table this hidden column; here it is declared, so one query serves both.
    rowid      BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE
);

CREATE INDEX sessions_by_user ON sessions (user_id);
