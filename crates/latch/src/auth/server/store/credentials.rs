//! Rotating an account's credentials: what older credentials earned ends in one transaction
//! with the change that makes them old (a reset, a password change, "sign out everywhere").

use super::{
    execute_in, on_db,
    outbox::{enqueue, Mail},
    ways_in::{lock_account, ways_in_left, Unlinked},
    Db, StoreError,
};

/// Inside the caller's transaction: bumps the account's credentials version (first, so that
/// on PostgreSQL the user row is locked before anything else), voids every mailed link
/// (verification, reset, address change, sign-in by email) and every second-step challenge, and, when
/// `$end_sessions`, revokes every live session but `keep`. Evaluates to the ended session ids,
/// for the cache.
macro_rules! rotate_credentials {
    ($tx:expr, $user_id:expr, $keep:expr, $end_sessions:expr, $now:expr) => {{
        $crate::auth::server::store::db::execute_in!(
            $tx,
            "UPDATE users SET credentials_version = credentials_version + 1 WHERE id = $1",
            $user_id
        );
        $crate::auth::server::store::db::execute_in!($tx, "DELETE FROM email_tokens WHERE user_id = $1", $user_id);
        $crate::auth::server::store::db::execute_in!($tx, "DELETE FROM login_challenges WHERE user_id = $1", $user_id);
        $crate::auth::server::store::db::execute_in!($tx, "DELETE FROM email_sign_ins WHERE user_id = $1", $user_id);
        let ended: Vec<String> = match $end_sessions {
            true => {
                sqlx::query_scalar(
                    "UPDATE sessions SET revoked_at = $1
                     WHERE user_id = $2 AND revoked_at IS NULL AND id IS DISTINCT FROM $3
                     RETURNING id",
                )
                .bind($now)
                .bind($user_id)
                .bind($keep)
                .fetch_all(&mut *$tx)
                .await?
            }
            false => Vec::new(),
        };
        ended
    }};
}
pub(crate) use rotate_credentials;

/// `rotate_credentials!` in a transaction of its own: "sign out everywhere" and the
/// operator's `sessions revoke`.
pub async fn rotate(db: &Db, user_id: i64, keep: Option<&str>, now: i64) -> Result<Vec<String>, StoreError> {
    let ended = on_db!(db, pool => {
        let mut transaction = pool.begin().await?;
        let ended = rotate_credentials!(transaction, user_id, keep, true, now);
        transaction.commit().await?;
        ended
    });
    Ok(ended)
}

/// A new password hash, with the rotation: one transaction, so no link or challenge of the
/// old password outlives the change, nor (when `end_sessions`) any session but `keep`, the
/// changer's.
pub async fn change_password(
    db: &Db,
    user_id: i64,
    hash: &str,
    keep: Option<&str>,
    end_sessions: bool,
    now: i64,
) -> Result<Vec<String>, StoreError> {
    let ended = on_db!(db, pool => {
        let mut transaction = pool.begin().await?;
        let ended = rotate_credentials!(transaction, user_id, keep, end_sessions, now);
        execute_in!(transaction, "UPDATE users SET password_hash = $1, password_breached_at = NULL WHERE id = $2", hash, user_id);
        transaction.commit().await?;
        ended
    });
    Ok(ended)
}

/// Removes the account's password, with the notice, unless it is the account's last way in
/// (`email_sign_in`: the deployment offers sign-in by email, a way in of its own). What the
/// password earned (mailed links, challenges, a login in flight) ends with it; sessions stay.
pub async fn remove_password(
    db: &Db,
    user_id: i64,
    email_sign_in: bool,
    now: i64,
    notice: &Mail,
) -> Result<Unlinked, StoreError> {
    let removed = on_db!(db, pool => {
        let mut transaction = pool.begin().await?;
        lock_account!(transaction, user_id);
        let updated = execute_in!(
            transaction,
            "UPDATE users SET password_hash = '', password_breached_at = NULL WHERE id = $1 AND password_hash <> ''",
            user_id
        );
        if updated != 1 {
            return Ok(Unlinked::NotFound);
        }
        if ways_in_left!(transaction, user_id, email_sign_in) == 0 {
            // Dropped, the transaction rolls back: the password stays.
            return Ok(Unlinked::LastWayIn);
        }
        rotate_credentials!(transaction, user_id, None::<&str>, false, now);
        enqueue!(transaction, notice, user_id, now)?;
        transaction.commit().await?;
        Unlinked::Done(String::new())
    });
    Ok(removed)
}
