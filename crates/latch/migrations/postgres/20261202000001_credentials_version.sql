-- What the account's credentials are worth now: bumped by a password reset, a password change
-- and "sign out everywhere", in the transaction that voids what older credentials earned
-- (sessions, mailed links, second-step challenges). A session opens only under the version
-- its password was checked against, so a login in flight during a change opens nothing.
-- (SQLite's side: migrations/sqlite, same name.)
ALTER TABLE users ADD COLUMN credentials_version BIGINT NOT NULL DEFAULT 0;
