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
}

/// What a change owes, written in its transaction.
pub struct Notices<'a> {
    /// The person acted on.
    pub user_id: i64,
    /// The event for their history (`None`: the change is recorded in the audit only).
    pub event: Option<&'static str>,
    /// The mail that tells them.
    pub mail: Option<&'a Mail>,
    /// The administrator's record.
    pub audit: &'a NewAudit<'a>,
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
                    "INSERT INTO events (user_id, type, at, ip, user_agent) VALUES ($1, $2, $3, NULL, NULL)",
                    user_id,
                    kind,
                    now
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
