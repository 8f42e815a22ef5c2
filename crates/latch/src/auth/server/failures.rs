//! How each way an account operation can fail becomes an `AuthError`, with its log line.
//! Logs name accounts by a hash of the email, never the address, nor anything typed as a
//! password.

use std::time::Duration;

use sha2::{Digest, Sha256};

use super::{hooks::HookError, password::HashError, store::StoreError, throttle::Refused};
use crate::auth::{
    error::{AuthError, FieldErrors},
    validate::Email,
};

/// Six bytes of the email's SHA-256: enough to follow one account through the log.
pub fn email_hash(email: &str) -> String {
    let digest = Sha256::digest(email.as_bytes());
    digest[..6].iter().map(|b| format!("{b:02x}")).collect()
}

pub(super) fn invalid(fields: FieldErrors) -> AuthError {
    AuthError::Invalid(fields)
}

pub(super) fn login_failed(email: &Email) -> AuthError {
    tracing::info!(event = "login_failed", email_hash = %email_hash(email.as_str()), "incorrect email or password");
    AuthError::InvalidCredentials
}

pub(super) fn throttled(what: &str, wait: Duration) -> AuthError {
    let retry_after_secs = wait.as_secs() + 1;
    tracing::warn!(event = "throttled", attempt = what, retry_after_secs, "too many attempts");
    AuthError::Throttled { retry_after_secs }
}

/// A throttle's refusal: wait, or (shared buckets unreadable) a 503 like any database fault.
pub(super) fn throttle_refused(what: &str, refused: Refused) -> AuthError {
    match refused {
        Refused::Wait(wait) => throttled(what, wait),
        Refused::Db(error) => database_failed(error),
    }
}

pub(super) fn hash_failed(error: HashError) -> AuthError {
    match error {
        HashError::Saturated { waiting } => {
            tracing::warn!(waiting, "hashing queue full");
            AuthError::Busy { retry_after_secs: 1 }
        }
        error => {
            tracing::error!(%error, "password hashing failed");
            AuthError::Internal
        }
    }
}

pub(super) fn store_failed(error: StoreError) -> AuthError {
    match error {
        StoreError::Db(error) => database_failed(error),
        StoreError::EmailTaken => AuthError::EmailTaken,
        // The application's own statement, or its refusal: the change did not happen.
        StoreError::Hook(HookError::Db(error)) => database_failed(error),
        StoreError::Hook(HookError::Refused(reason)) => {
            tracing::warn!(%reason, "an application hook refused; nothing was changed");
            AuthError::Internal
        }
    }
}

/// A pool that could not hand out a connection in time is load, and a database that is
/// restarting or unreachable is an outage that passes: both are 503, retry soon. Anything
/// else is a fault.
pub(super) fn database_failed(error: sqlx::Error) -> AuthError {
    if is_unavailable(&error) {
        tracing::warn!(%error, "database unavailable");
        return AuthError::Busy { retry_after_secs: 1 };
    }
    tracing::error!(%error, "database error");
    AuthError::Internal
}

/// Whether `error` says the database could not be reached or is going away, rather than that
/// a query was wrong.
pub fn is_unavailable(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) | sqlx::Error::Tls(_) => true,
        sqlx::Error::Protocol(_) | sqlx::Error::WorkerCrashed => true,
        // PostgreSQL: 08 connection exceptions, 57P01-57P03 shutting down or starting up,
        // 57014 a statement cancelled by its timeout, 53 out of resources (too many connections).
        sqlx::Error::Database(db) => db.code().is_some_and(|code| {
            code.starts_with("08") || code.starts_with("57P") || code == "57014" || code.starts_with("53")
        }),
        _ => false,
    }
}
