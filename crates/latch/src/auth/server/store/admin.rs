//! What an administrator changes on someone's account, each change one transaction with what
//! it owes the person and the record: the event in their history, the mail that tells them,
//! and the audit row. Nothing changes without its notice, nor is a notice sent for nothing.

use super::{
    audit::{insert_audit, NewAudit},
    credentials::rotate_credentials,
    email::{replace_token, NewToken},
    execute_in, on_db,
    outbox::{enqueue, Mail},
    roles::{administrators_left, lock_administrators, ADMIN},
    Db, StoreError,
};

/// One change an administrator makes.
pub enum AdminChange<'a> {
    /// Marks the account disabled and ends every session and link it has.
    Disable,
    /// Lets it in again.
    Enable,
    /// Ends every session and link (as the owner's "sign out everywhere").
    SignOutEverywhere,
    /// Removes the authenticator app and its recovery codes; every session ends.
    RemoveAuthenticator,
    /// Removes every passkey; every session ends.
    RemovePasskeys,
    /// Grants a role (already checked to be one the site declares).
    GrantRole(&'a str),
    /// Revokes a role; `admin` only while another enabled administrator is left.
    RevokeRole(&'a str),
    /// Stores a link's token (reset, verification), replacing the older one of its purpose.
    MailLink(&'a NewToken<'a>),
    /// Changes nothing: an administrator opened the person's page.
    Look,
    /// Opens a read-only view of the person's pages for the administrator: the view's id
    /// (the SHA-256 of its token), its reason and its end.
    StartView {
        /// The SHA-256 of the token, hex.
        id: &'a str,
        /// Why, as the administrator typed it.
        reason: &'a str,
        /// Unix seconds, UTC.
        expires_at: i64,
    },
}

/// What a change owes, written in its transaction.
pub struct Notices<'a> {
    /// The person acted on.
    pub user_id: i64,
    /// The event for their history (`None`: the change is recorded in the audit only).
    pub event: Option<&'static str>,
    /// What the event carries (a role; who looked and why).
    pub event_detail: Option<&'a str>,
    /// The mail that tells them.
    pub mail: Option<&'a Mail>,
    /// The administrator's record.
    pub audit: &'a NewAudit<'a>,
}

/// A live view, as the viewing pages check it.
#[derive(Debug, sqlx::FromRow)]
pub struct ViewRow {
    /// The administrator it was opened for.
    pub admin_id: i64,
    /// The person looked at.
    pub subject_id: i64,
    /// Why.
    pub reason: String,
    /// Unix seconds, UTC.
    pub expires_at: i64,
}

/// The view whose token hashes to `id`, if it is still open at `now`.
pub async fn live_view(db: &Db, id: &str, now: i64) -> Result<Option<ViewRow>, StoreError> {
    let row = on_db!(db, pool => sqlx::query_as(
        "SELECT admin_id, subject_id, reason, expires_at FROM admin_views WHERE id = $1 AND expires_at > $2",
    )
    .bind(id)
    .bind(now)
    .fetch_optional(pool)
    .await)?;
    Ok(row)
}

/// How a change went.
#[derive(Debug, PartialEq, Eq)]
pub enum Applied {
    /// Made, with the sessions it ended (for the cache).
    Done {
        /// Ended sessions' ids.
        ended: Vec<String>,
    },
    /// There was nothing to change (already disabled, role already held, no such factor):
    /// nothing written, nothing mailed.
    Unchanged,
    /// Refused: no enabled administrator would be left.
    LastAdministrator,
}

/// Makes `change` with its `notices`, in one transaction.
pub async fn apply(db: &Db, change: &AdminChange<'_>, notices: &Notices<'_>) -> Result<Applied, StoreError> {
    let user_id = notices.user_id;
    let now = notices.audit.at;
    let applied = on_db!(db, pool => {
        let mut transaction = pool.begin().await?;
        let touches_administrators = matches!(change, AdminChange::Disable | AdminChange::RevokeRole(ADMIN));
        if touches_administrators {
            lock_administrators!(transaction, db);
        }
        let (changed, ended) = match change {
            AdminChange::Disable => {
                let marked = execute_in!(
                    transaction,
                    "UPDATE users SET disabled_at = $1 WHERE id = $2 AND disabled_at IS NULL",
                    now,
                    user_id
                );
                let ended = match marked {
                    1 => rotate_credentials!(transaction, user_id, None::<&str>, true, now),
                    _ => Vec::new(),
                };
                (marked == 1, ended)
            }
            AdminChange::Enable => {
                let cleared = execute_in!(
                    transaction,
                    "UPDATE users SET disabled_at = NULL WHERE id = $1 AND disabled_at IS NOT NULL",
                    user_id
                );
                (cleared == 1, Vec::new())
            }
            AdminChange::SignOutEverywhere => {
                let ended = rotate_credentials!(transaction, user_id, None::<&str>, true, now);
                (true, ended)
            }
            AdminChange::RemoveAuthenticator => {
                execute_in!(transaction, "DELETE FROM recovery_codes WHERE user_id = $1", user_id);
                let removed = execute_in!(transaction, "DELETE FROM totp_factors WHERE user_id = $1", user_id);
                let ended = match removed {
                    0 => Vec::new(),
                    _ => rotate_credentials!(transaction, user_id, None::<&str>, true, now),
                };
                (removed > 0, ended)
            }
            AdminChange::RemovePasskeys => {
                let removed = execute_in!(transaction, "DELETE FROM passkeys WHERE user_id = $1", user_id);
                let ended = match removed {
                    0 => Vec::new(),
                    _ => rotate_credentials!(transaction, user_id, None::<&str>, true, now),
                };
                (removed > 0, ended)
            }
            AdminChange::GrantRole(role) => {
                let granted = execute_in!(
                    transaction,
                    "INSERT INTO account_roles (user_id, role, granted_at, granted_by) VALUES ($1, $2, $3, $4)
                     ON CONFLICT (user_id, role) DO NOTHING",
                    user_id,
                    *role,
                    now,
                    notices.audit.admin_id
                );
                (granted == 1, Vec::new())
            }
            AdminChange::RevokeRole(role) => {
                let revoked =
                    execute_in!(transaction, "DELETE FROM account_roles WHERE user_id = $1 AND role = $2", user_id, *role);
                (revoked == 1, Vec::new())
            }
            AdminChange::MailLink(token) => {
                replace_token!(transaction, user_id, token);
                (true, Vec::new())
            }
            AdminChange::Look => (true, Vec::new()),
            AdminChange::StartView { id, reason, expires_at } => {
                execute_in!(
                    transaction,
                    "INSERT INTO admin_views (id, admin_id, subject_id, reason, created_at, expires_at)
                     VALUES ($1, $2, $3, $4, $5, $6)",
                    *id,
                    notices.audit.admin_id,
                    user_id,
                    *reason,
                    now,
                    *expires_at
                );
                (true, Vec::new())
            }
        };
        if !changed {
            transaction.rollback().await?;
            Applied::Unchanged
        } else if touches_administrators && !administrators_left!(transaction) {
            transaction.rollback().await?;
            Applied::LastAdministrator
        } else {
            if let Some(kind) = notices.event {
                execute_in!(
                    transaction,
                    "INSERT INTO events (user_id, type, at, ip, user_agent, detail) VALUES ($1, $2, $3, NULL, NULL, $4)",
                    user_id,
                    kind,
                    now,
                    notices.event_detail
                );
            }
            if let Some(mail) = notices.mail {
                enqueue!(transaction, mail, user_id, now)?;
            }
            insert_audit!(transaction, notices.audit);
            transaction.commit().await?;
            Applied::Done { ended }
        }
    });
    Ok(applied)
}
