//! What an application adds to Latch's own changes of an account: its rows created with the
//! account and deleted with it, each in the same transaction, and its data in the account's
//! export. Registered once,
//! through the application's `Site::hooks`; Latch calls them, the application never calls
//! Latch back from inside one.
//!
//! ```no_run
//! use latch::{
//!     auth::server::hooks::{AccountHooks, HookFuture, Tx},
//!     auth::server::store::Db,
//!     on_tx,
//! };
//!
//! struct Notes;
//!
//! impl AccountHooks for Notes {
//!     fn on_delete<'a>(&'a self, mut tx: Tx<'a>, account: i64) -> HookFuture<'a, ()> {
//!         Box::pin(async move {
//!             // Both arms must give one type: the row count, not each driver's own result.
//!             on_tx!(tx, connection => sqlx::query("DELETE FROM notes WHERE owner = $1")
//!                 .bind(account)
//!                 .execute(connection)
//!                 .await
//!                 .map(|done| done.rows_affected()))?;
//!             Ok(())
//!         })
//!     }
//! }
//! ```

use std::{future::Future, pin::Pin};

use sqlx::{PgConnection, SqliteConnection};

use super::store::db::Db;
use crate::auth::signup_fields::{FieldRefusal, SignupField, SignupValues};

/// What a hook answers, later: boxed, since the trait is used as `dyn AccountHooks`.
pub type HookFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, HookError>> + Send + 'a>>;

/// Latch's transaction, lent to a hook: whatever the hook writes commits or rolls back with
/// Latch's own change. Write each statement once for both databases with [`crate::on_tx!`].
pub enum Tx<'a> {
    /// The embedded default.
    Sqlite(&'a mut SqliteConnection),
    /// Several instances on one database.
    Postgres(&'a mut PgConnection),
}

impl<'a> From<&'a mut SqliteConnection> for Tx<'a> {
    fn from(connection: &'a mut SqliteConnection) -> Self {
        Self::Sqlite(connection)
    }
}

impl<'a> From<&'a mut PgConnection> for Tx<'a> {
    fn from(connection: &'a mut PgConnection) -> Self {
        Self::Postgres(connection)
    }
}

/// Runs `$body` with `$connection` bound to the transaction's connection, whichever database
/// it is: the statement is written once and type-checked against both drivers, so both arms
/// must come to one type (map a driver's own result to what you need of it). The transaction
/// is only borrowed, so a hook runs as many statements as it needs (take it as `mut tx`).
#[macro_export]
macro_rules! on_tx {
    ($tx:ident, $connection:ident => $body:expr) => {
        match &mut $tx {
            $crate::auth::server::hooks::Tx::Sqlite($connection) => {
                let $connection = &mut **$connection;
                $body
            }
            $crate::auth::server::hooks::Tx::Postgres($connection) => {
                let $connection = &mut **$connection;
                $body
            }
        }
    };
}

/// Why a hook failed. The change it was part of is rolled back whole, the person is told
/// that it did not happen, and the reason goes to the server's log.
#[derive(Debug, thiserror::Error)]
pub enum HookError {
    /// The application refuses, for a reason of its own.
    #[error("{0}")]
    Refused(String),
    /// A statement failed.
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// An application's part in what happens to an account. Every method has a default that
/// does nothing, so an application implements only what it has data for.
pub trait AccountHooks: Send + Sync + 'static {
    /// The roles the application declares beside Latch's `admin`: administrators grant and
    /// revoke them on the console, and guards ask for them (`api::guard::HasRole`,
    /// `server_fns::guard::require_role`). Lower-case words of letters, digits, `-` and `_`,
    /// up to 32 characters. None by default.
    fn roles(&self) -> &'static [&'static str] {
        &[]
    }

    /// The application's own fields of the signup form, the same slice its signup page is
    /// given (`SignupPage fields=…`): only these reach [`AccountHooks::check_signup`] and
    /// [`AccountHooks::on_signup`]. None by default.
    fn signup_fields(&self) -> &'static [SignupField] {
        &[]
    }

    /// Checks the application's signup fields, beside Latch's own checks and before any
    /// password is hashed: every refusal is shown inline, with Latch's, in one answer.
    fn check_signup(&self, _values: &SignupValues) -> Vec<FieldRefusal> {
        Vec::new()
    }

    /// Creates the application's rows for the new `account`, given its checked signup
    /// `values`, inside the transaction that creates it: an error here leaves no account (and
    /// sends no mail).
    fn on_signup<'a>(&'a self, _tx: Tx<'a>, _account: i64, _values: &'a SignupValues) -> HookFuture<'a, ()> {
        Box::pin(async { Ok(()) })
    }

    /// Deletes the application's rows of `account`, inside the transaction that deletes the
    /// account, before Latch's own rows go (so a foreign key to `users` holds throughout).
    fn on_delete<'a>(&'a self, _tx: Tx<'a>, _account: i64) -> HookFuture<'a, ()> {
        Box::pin(async { Ok(()) })
    }

    /// The application's data of `account`, for the person's export file (`application`
    /// in it). `None`: nothing to add.
    fn export<'a>(&'a self, _db: &'a Db, _account: i64) -> HookFuture<'a, Option<serde_json::Value>> {
        Box::pin(async { Ok(None) })
    }
}

/// The hooks of an application that has none.
pub struct NoHooks;

impl AccountHooks for NoHooks {}
