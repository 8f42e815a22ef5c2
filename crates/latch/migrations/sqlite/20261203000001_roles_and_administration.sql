-- Roles, disabled accounts and the record of what administrators did.
-- (PostgreSQL's side: migrations/postgres, same name.)

-- The roles an account holds: `admin` (built in) and any a product declares. `granted_by` is
-- the administrator who granted it; NULL when the operator's CLI did (`latch users grant-admin`).
CREATE TABLE account_roles (
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role       TEXT    NOT NULL CHECK (length(role) BETWEEN 1 AND 32),
    granted_at INTEGER NOT NULL,  -- Unix seconds, UTC
    granted_by INTEGER,
    PRIMARY KEY (user_id, role)
) STRICT, WITHOUT ROWID;

-- "How many administrators are left" and "who holds this role" read this, not every account.
CREATE INDEX account_roles_by_role ON account_roles (role, user_id);

-- When an administrator disabled the account: every door refuses it while this is set.
ALTER TABLE users ADD COLUMN disabled_at INTEGER;
-- When the account last opened a session, for the console's list.
ALTER TABLE users ADD COLUMN last_sign_in_at INTEGER;

-- The console's search by name prefix, in keyset order; `lower` folds ASCII letters only.
CREATE INDEX users_by_username ON users (lower(username), id);

-- Every administrator action, and every time one opened a person's page. Kept when either
-- account is deleted: the ids then name no row, the addresses still say who was who.
CREATE TABLE admin_audit (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    at            INTEGER NOT NULL,
    admin_id      INTEGER NOT NULL,
    admin_email   TEXT    NOT NULL CHECK (length(admin_email) <= 254),
    subject_id    INTEGER,
    subject_email TEXT CHECK (subject_email IS NULL OR length(subject_email) <= 254),
    action        TEXT    NOT NULL CHECK (length(action) <= 32),
    detail        TEXT CHECK (detail IS NULL OR length(detail) <= 600),
    ip            TEXT CHECK (ip IS NULL OR length(ip) <= 45),
    user_agent    TEXT CHECK (user_agent IS NULL OR length(user_agent) <= 512)
) STRICT;

CREATE INDEX admin_audit_by_admin ON admin_audit (admin_id, id);
CREATE INDEX admin_audit_by_subject ON admin_audit (subject_id, id);
CREATE INDEX admin_audit_by_age ON admin_audit (at);
