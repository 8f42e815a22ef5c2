//! What an operator does to accounts from a shell (`latch users`, `latch sessions revoke`):
//! the same rules and the same store as the doors, with no HTTP and no signing key.

use crate::auth::server::{
    account::event::Event,
    clock::unix_now,
    sessions::cache::FRESH_FOR,
    sessions::revocations,
    store::{self, events, Db, StoreError, User},
};
use crate::auth::{account::EventView, validate::Email};

pub use crate::auth::server::store::{SessionRow, UserSummary};

/// Why an operator's command cannot answer.
#[derive(Debug, thiserror::Error)]
pub enum OperatorError {
    /// The argument is not an address.
    #[error("{0:?} is not an email address")]
    NotAnEmail(String),
    /// No account has the address.
    #[error("no account has the email {0}")]
    NoSuchAccount(String),
    /// Revoking would leave no enabled administrator.
    #[error("{0} is the last administrator: grant the role to someone else first")]
    LastAdministrator(String),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// One account in full: its profile, live sessions and latest events.
pub struct AccountDetails {
    /// The account's row.
    pub user: User,
    /// Its live sessions.
    pub sessions: Vec<SessionRow>,
    /// Its newest events.
    pub events: Vec<EventView>,
}

/// A page of accounts after id `after`, oldest first, with their live sessions counted
/// (`latch users list`).
pub async fn list_users(db: &Db, after: i64, limit: i64) -> Result<Vec<UserSummary>, OperatorError> {
    Ok(store::list_users(db, unix_now(), after, limit).await?)
}

/// The account `email` names, written any way a person would type it (trimmed, any case).
pub async fn find_user(db: &Db, email: &str) -> Result<User, OperatorError> {
    let email = Email::parse(email).map_err(|_| OperatorError::NotAnEmail(email.to_owned()))?;
    store::find_user_by_email(db, email.as_str())
        .await?
        .ok_or_else(|| OperatorError::NoSuchAccount(email.as_str().to_owned()))
}

/// One account in full, by address (`latch users show`).
pub async fn show_user(db: &Db, email: &str) -> Result<AccountDetails, OperatorError> {
    let user = find_user(db, email).await?;
    let sessions = store::list_live_sessions(db, user.id, unix_now()).await?;
    let events = events::list_events(db, user.id, None, 10).await?;
    Ok(AccountDetails { user, sessions, events })
}

/// Ends every session of the account `email` names, and returns once a running server
/// refuses them: on PostgreSQL every instance is told at once; on SQLite the server's cache
/// may hold a session for up to `FRESH_FOR`, so this waits that long before returning.
pub async fn revoke_all_sessions(db: &Db, email: &str) -> Result<usize, OperatorError> {
    let user = find_user(db, email).await?;
    let now = unix_now();
    let ended = crate::auth::server::store::credentials::rotate(db, user.id, None, now).await?;
    if !ended.is_empty() {
        let event = events::NewEvent {
            user_id: user.id,
            kind: Event::SessionRevoked.name(),
            at: now,
            ip: None,
            user_agent: Some("latch sessions revoke (an operator)"),
            detail: None,
        };
        events::insert_event(db, &event).await?;
    }
    match db {
        Db::Postgres(_) => revocations::announce(db, &ended).await,
        Db::Sqlite(_) => tokio::time::sleep(FRESH_FOR).await,
    }
    Ok(ended.len())
}

/// Grants `admin` to the account `email` names (`latch users grant-admin`): the one way the
/// first administrator comes to be, never an HTTP route. `false` when it held the role.
pub async fn grant_admin(db: &Db, email: &str) -> Result<bool, OperatorError> {
    let user = find_user(db, email).await?;
    Ok(store::roles::grant_by_operator(db, user.id, store::roles::ADMIN, unix_now()).await?)
}

/// Revokes `admin` from the account `email` names (`latch users revoke-admin`), unless no
/// other enabled administrator would be left. `false` when it did not hold the role. A
/// running server's cache drops the role within `FRESH_FOR`.
pub async fn revoke_admin(db: &Db, email: &str) -> Result<bool, OperatorError> {
    let user = find_user(db, email).await?;
    match store::roles::revoke_by_operator(db, user.id, store::roles::ADMIN).await? {
        None => Ok(false),
        Some(true) => Ok(true),
        Some(false) => Err(OperatorError::LastAdministrator(user.email)),
    }
}
