-- New-device notices. A browser carries a long-lived device cookie apart from its sessions, so a
-- phone that signs in every two weeks stays known; a program with no cookie is known by its
-- agent and its coarse network. (PostgreSQL's side: migrations/postgres, same name.)

-- The devices each account has signed in from, by the SHA-256 of the device cookie (or of
-- "agent + network" for a program): never the cookie itself.
CREATE TABLE known_devices (
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    device_hash   TEXT    NOT NULL CHECK (length(device_hash) = 64),
    kind          TEXT    NOT NULL CHECK (kind IN ('browser', 'program')),
    user_agent    TEXT    CHECK (length(user_agent) <= 512),
    network       TEXT    NOT NULL CHECK (length(network) <= 64),
    first_seen_at INTEGER NOT NULL,  -- Unix seconds, UTC
    last_seen_at  INTEGER NOT NULL,
    PRIMARY KEY (user_id, device_hash)
) STRICT, WITHOUT ROWID;  -- keyed by account and hash alone: no hidden insertion order to keep

-- Each new-device mail, with the one-time "This wasn't me" link it carries (kept as its
-- SHA-256, found by the first 8 bytes as mailed links are). Counted per account to cap the
-- mails an attacker who knows a password can make Latch send.
CREATE TABLE sign_in_alerts (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    lookup       TEXT    NOT NULL CHECK (length(lookup) = 16),
    token_hash   TEXT    NOT NULL CHECK (length(token_hash) = 64),
    -- The device that signed in: forgotten when its owner says "This wasn't me".
    device_hash  TEXT    NOT NULL CHECK (length(device_hash) = 64),
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    used_at      INTEGER
) STRICT;

CREATE INDEX sign_in_alerts_by_lookup ON sign_in_alerts (lookup);
CREATE INDEX sign_in_alerts_by_user ON sign_in_alerts (user_id, created_at);

-- Whether the owner wants the new-device mail (the "password changed" kind cannot be turned off).
ALTER TABLE users ADD COLUMN notify_new_device INTEGER NOT NULL DEFAULT 1 CHECK (notify_new_device IN (0, 1));
