//! SQL, one small named function per query, one file per table or concern: `users`,
//! `roles`, `people` (the console's search), `admin` (administrators' changes), `audit`,
//! `sessions`, `events` (the history), `email` (link tokens and the changes they allow),
//! `factors`, `passkeys`, `identities` (other providers), `ways_in` (never removing the last), `email_sign_ins`, `outbox`, `throttle` (shared buckets), `credentials` (rotating
//! them), `prune`. Nothing here knows HTTP or rules; this file holds the error every query
//! answers and the names the rules use most.

pub mod admin;
pub mod audit;
pub mod credentials;
pub mod db;
pub mod devices;
pub mod email;
pub mod email_sign_ins;
pub mod events;
pub mod factors;
pub mod guessing;
pub mod identities;
pub mod outbox;
pub mod passkeys;
pub mod people;
pub mod prune;
pub mod roles;
pub mod sessions;
pub mod throttle;
pub mod users;
pub mod ways_in;

pub use db::Db;
pub(crate) use db::{execute, execute_in, on_db};
pub use prune::{prune, PRUNER_LOCK};
pub use sessions::{
    count_live_sessions, end_sessions_past, find_user_by_live_session, insert_session, list_live_sessions,
    revoke_session, touch_session, NewSession, SessionRow,
};
use users::unique_violation_is_email_taken;
pub use users::{find_user_by_email, find_user_by_id, list_users, User, UserSummary};

/// Why a query failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The email's UNIQUE index refused the row: the one way a duplicate is detected, on
    /// either database.
    #[error("that email is already registered")]
    EmailTaken,
    /// The database refused or is unreachable.
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    /// An application's hook failed: its transaction is rolled back.
    #[error("an application hook failed: {0}")]
    Hook(#[from] super::hooks::HookError),
}
