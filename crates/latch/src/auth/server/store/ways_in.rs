//! An account's ways in (a password, passkeys, linked identities, sign-in by email): what
//! removing one answers, and the two guards every removal runs in its transaction, so that
//! no account is ever left with none, however many removals race.

/// What unlinking did.
#[derive(Debug, PartialEq, Eq)]
pub enum Unlinked {
    /// Gone; the provider it came through.
    Done(String),
    /// The account has no identity by that id.
    NotFound,
    /// It is the account's last way in (no password, no passkey, no other identity, no
    /// sign-in by email): kept.
    LastWayIn,
}

/// Inside a transaction that changed a way in: how many ways in account `$user_id` keeps
/// (a password, passkeys, linked identities, and, where the deployment offers sign-in by
/// email (`$email_sign_in`), its proven address). Run after the change: a way removed by a
/// concurrent transaction is counted once that one commits, because the caller locked the
/// account's row first ([`lock_account`]).
macro_rules! ways_in_left {
    ($tx:expr, $user_id:expr, $email_sign_in:expr) => {{
        let left: i64 = sqlx::query_scalar(
            "SELECT (CASE WHEN u.password_hash <> '' THEN 1 ELSE 0 END)
                    + (CASE WHEN $2 AND u.email_verified_at IS NOT NULL THEN 1 ELSE 0 END)
                    + (SELECT COUNT(*) FROM passkeys p WHERE p.user_id = u.id)
                    + (SELECT COUNT(*) FROM linked_identities l WHERE l.user_id = u.id)
             FROM users u WHERE u.id = $1",
        )
        .bind($user_id)
        .bind($email_sign_in)
        .fetch_one(&mut *$tx)
        .await?;
        left
    }};
}
pub(crate) use ways_in_left;

/// Inside a transaction about to remove a way in: takes the account row's lock (PostgreSQL's
/// row lock; SQLite's write lock, which a write statement takes), so two removals at once
/// count each other's and cannot both leave the account with none.
macro_rules! lock_account {
    ($tx:expr, $user_id:expr) => {
        $crate::auth::server::store::db::execute_in!($tx, "UPDATE users SET id = id WHERE id = $1", $user_id)
    };
}
pub(crate) use lock_account;
