-- Accounts. The email is stored normalized (trimmed, lower-cased) by the application, and the
-- UNIQUE index is what decides a duplicate signup: racing signups cannot both win.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    email         TEXT    NOT NULL UNIQUE CHECK (email = lower(trim(email)) AND length(email) <= 254),
    username      TEXT    NOT NULL CHECK (length(username) BETWEEN 1 AND 256),
    -- An Argon2id PHC string: algorithm, parameters and salt travel with the hash.
    password_hash TEXT    NOT NULL,
    created_at    INTEGER NOT NULL  -- Unix seconds, UTC
) STRICT;
