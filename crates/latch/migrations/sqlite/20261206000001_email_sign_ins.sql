-- Sign-in by email: a code and a link in one mail. The request belongs to the browser that
-- asked (a cookie secret, kept only as its SHA-256); the code is hashed with that secret, so a
-- copy of the database cannot be searched for it; the link is found as mailed links are.
-- (PostgreSQL's side: migrations/postgres, same name.)
CREATE TABLE email_sign_ins (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    browser_hash TEXT    NOT NULL UNIQUE CHECK (length(browser_hash) = 64),
    code_hash    TEXT    NOT NULL CHECK (length(code_hash) = 64),
    link_lookup  TEXT    NOT NULL CHECK (length(link_lookup) = 16),
    link_hash    TEXT    NOT NULL CHECK (length(link_hash) = 64),
    -- The browser that asked, as the approving device is shown it.
    user_agent   TEXT    CHECK (length(user_agent) <= 512),
    network      TEXT    NOT NULL CHECK (length(network) <= 64),
    asked_at     INTEGER NOT NULL,  -- Unix seconds, UTC
    expires_at   INTEGER NOT NULL,
    -- Set when another device approved the request: the asking browser may then sign in.
    approved_at  INTEGER,
    -- Codes tried against this request; at the limit it ends.
    tries        INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX email_sign_ins_by_link ON email_sign_ins (link_lookup);
CREATE INDEX email_sign_ins_by_user ON email_sign_ins (user_id);
