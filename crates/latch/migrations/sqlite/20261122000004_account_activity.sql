-- When each session was last used: written at most once a minute per session, so that the
-- hot path stays a cache hit. NULL until the first write: the session's created_at stands in.
ALTER TABLE sessions ADD COLUMN last_seen_at INTEGER;

-- An account's security history, shown to its owner and kept 90 days. Written by the
-- account rules beside the change each row records; deleted with the account.
CREATE TABLE events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    type       TEXT    NOT NULL CHECK (length(type) <= 32),
    at         INTEGER NOT NULL,  -- Unix seconds, UTC
    ip         TEXT CHECK (ip IS NULL OR length(ip) <= 45),
    user_agent TEXT CHECK (user_agent IS NULL OR length(user_agent) <= 512)
) STRICT;

CREATE INDEX events_by_user ON events (user_id, id);
CREATE INDEX events_by_age ON events (at);
