-- Sign-in with other providers (OpenID Connect, GitHub): the identities linked to accounts and
-- the sign-ins under way. (PostgreSQL's side: migrations/postgres, same name.)

-- An identity is the provider's issuer and subject, never the email: an address can move from
-- one person to another at a provider, a subject cannot. `email` is what the provider said at
-- link time, for the person to recognise the link; `provider` is the configured name it came
-- through. No provider token is kept: nothing of Latch's calls the provider after sign-in.
CREATE TABLE linked_identities (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    provider     TEXT    NOT NULL CHECK (length(provider) BETWEEN 1 AND 32),
    issuer       TEXT    NOT NULL CHECK (length(issuer) BETWEEN 1 AND 300),
    subject      TEXT    NOT NULL CHECK (length(subject) BETWEEN 1 AND 255),
    email        TEXT    NOT NULL CHECK (length(email) <= 254),
    linked_at    INTEGER NOT NULL,  -- Unix seconds, UTC
    last_used_at INTEGER NOT NULL,
    UNIQUE (issuer, subject)
) STRICT;

CREATE INDEX linked_identities_by_user ON linked_identities (user_id);

-- A sign-in sent to a provider and not yet back: keyed by the SHA-256 of the secret in the
-- browser's cookie (so the callback is bound to the browser that started it), deleted when the
-- callback takes it (so it is single use). `state`, `nonce` and the PKCE `verifier` stay here,
-- never in a URL the provider did not need. `link_user_id` is set when a signed-in person links
-- another provider from their account page.
CREATE TABLE provider_flows (
    flow_hash    TEXT    PRIMARY KEY CHECK (length(flow_hash) = 64),
    provider     TEXT    NOT NULL CHECK (length(provider) BETWEEN 1 AND 32),
    state        TEXT    NOT NULL CHECK (length(state) <= 64),
    nonce        TEXT    NOT NULL CHECK (length(nonce) <= 64),
    verifier     TEXT    NOT NULL CHECK (length(verifier) <= 128),
    next         TEXT    NOT NULL CHECK (length(next) <= 2048),
    link_user_id INTEGER REFERENCES users (id) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE INDEX provider_flows_by_expiry ON provider_flows (expires_at);
