-- Read-only "view as": an administrator's look at a person's pages, for 15 minutes, with a
-- reason; and a detail for the events that need one (who looked and why, which role).
-- (PostgreSQL's side: migrations/postgres, same name.)

-- `id` is the SHA-256 of the token in the viewing pages' address; the token itself is never
-- stored. No credential of the person's is made: the pages are rendered with their data.
CREATE TABLE admin_views (
    id         TEXT    PRIMARY KEY CHECK (length(id) = 64),
    admin_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    subject_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reason     TEXT    NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE INDEX admin_views_by_expiry ON admin_views (expires_at);

ALTER TABLE events ADD COLUMN detail TEXT CHECK (detail IS NULL OR length(detail) <= 2000);
