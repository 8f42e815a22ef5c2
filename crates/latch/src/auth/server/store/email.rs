//! The address side of an account: one-time tokens mailed to it, and the changes they allow
//! (verify the address, reset the password, move to a new address). Each change is one
//! transaction with the token's consumption and the message it sends, so a token is used at
//! most once and no change happens without its mail, nor a mail without its change.

use sqlx::FromRow;

use super::{
    super::{email::link_tokens::Purpose, password::PasswordHashString},
    credentials::rotate_credentials,
    execute, execute_in, on_db,
    outbox::{enqueue, Mail},
    unique_violation_is_email_taken, Db, StoreError,
};

/// A token's stored half, ready to insert.
pub struct NewToken<'a> {
    /// What the token allows.
    pub purpose: Purpose,
    /// The part of the token the database finds it by.
    pub lookup: &'a str,
    /// The token's hash, compared in constant time.
    pub hash: &'a str,
    /// The address the link goes to.
    pub email: &'a str,
    /// Unix seconds, UTC.
    pub created_at: i64,
}

/// A stored token, as a presented one is checked against it.
#[derive(Debug, FromRow)]
pub struct TokenRow {
    /// The token's row.
    pub id: i64,
    /// The account it belongs to.
    pub user_id: i64,
    /// What it allows, as [`Purpose::name`] writes it.
    pub purpose: String,
    /// Its hash, compared in constant time.
    pub token_hash: String,
    /// The address the link went to.
    pub email: String,
    /// Unix seconds, UTC.
    pub expires_at: i64,
}

/// Deletes the account's other tokens of the same purpose (a newer link voids the older),
/// then stores this one. Inside the caller's transaction.
macro_rules! replace_token {
    ($tx:expr, $user_id:expr, $token:expr) => {{
        $crate::auth::server::store::db::execute_in!(
            $tx,
            "DELETE FROM email_tokens WHERE user_id = $1 AND purpose = $2",
            $user_id,
            $token.purpose.name()
        );
        $crate::auth::server::store::db::execute_in!(
            $tx,
            "INSERT INTO email_tokens (user_id, purpose, lookup, token_hash, email, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            $user_id,
            $token.purpose.name(),
            $token.lookup,
            $token.hash,
            $token.email,
            $token.created_at,
            $token.created_at + $token.purpose.lifetime().as_secs() as i64
        );
    }};
}
pub(super) use replace_token;

/// Takes token `$id` out of the table; evaluates to whether it was still there (a racing
/// request that used it first leaves nothing to take).
macro_rules! take_token {
    ($tx:expr, $id:expr) => {
        $crate::auth::server::store::db::execute_in!($tx, "DELETE FROM email_tokens WHERE id = $1", $id) == 1
    };
}

/// A new token for `user_id`, voiding its older ones of the same purpose, and its mail.
pub async fn issue_token(db: &Db, user_id: i64, token: &NewToken<'_>, mail: &Mail) -> Result<(), StoreError> {
    on_db!(db, pool => {
        let mut transaction = pool.begin().await?;
        replace_token!(transaction, user_id, token);
        enqueue!(transaction, mail, user_id, token.created_at)?;
        transaction.commit().await?;
    });
    Ok(())
}

/// The live tokens whose hash starts with `lookup`, of the given purposes.
pub async fn find_tokens(db: &Db, lookup: &str, purposes: &[Purpose], now: i64) -> Result<Vec<TokenRow>, StoreError> {
    let rows: Vec<TokenRow> = on_db!(db, pool => sqlx::query_as(
        "SELECT id, user_id, purpose, token_hash, email, expires_at FROM email_tokens WHERE lookup = $1 AND expires_at > $2",
    )
    .bind(lookup)
    .bind(now)
    .fetch_all(pool)
    .await)?;
    Ok(rows.into_iter().filter(|row| Purpose::from_name(&row.purpose).is_some_and(|p| purposes.contains(&p))).collect())
}

/// Reserves token `token_id` for one use until `until`: `false` when another use holds it
/// (or it is gone).
pub async fn claim_token(db: &Db, token_id: i64, now: i64, until: i64) -> Result<bool, StoreError> {
    let claimed = execute!(
        db,
        "UPDATE email_tokens SET claimed_until = $1 WHERE id = $2 AND (claimed_until IS NULL OR claimed_until <= $3)",
        until,
        token_id,
        now
    )? == 1;
    Ok(claimed)
}

/// Gives back a claim whose use failed before it could change anything.
pub async fn release_claim(db: &Db, token_id: i64) -> Result<(), StoreError> {
    execute!(db, "UPDATE email_tokens SET claimed_until = NULL WHERE id = $1", token_id)?;
    Ok(())
}

/// The address change the account asked for and has not confirmed, if any: the new address
/// and when its link expires.
pub async fn pending_email_change(db: &Db, user_id: i64, now: i64) -> Result<Option<(String, i64)>, StoreError> {
    let row = on_db!(db, pool => sqlx::query_as(
        "SELECT email, expires_at FROM email_tokens WHERE user_id = $1 AND purpose = $2 AND expires_at > $3
         ORDER BY expires_at DESC LIMIT 1",
    )
    .bind(user_id)
    .bind(Purpose::ChangeEmail.name())
    .bind(now)
    .fetch_optional(pool)
    .await)?;
    Ok(row)
}

/// Uses reset token `token_id`: sets the new password, proves the address (the link reached
/// it) and rotates the credentials (every session, link and challenge of the account ends),
/// with the notice. `remove_ways_in` (the first proof of the address) also removes the
/// authenticator, its recovery codes and every passkey: whoever added them before the
/// address was proven may not be its owner. `None` when the token was used meanwhile or the
/// account no longer has the address the link went to (`email`); else the ended sessions,
/// for the cache.
#[allow(clippy::too_many_arguments)] // one transaction's inputs, named at its one call
pub async fn reset_password(
    db: &Db,
    token_id: i64,
    user_id: i64,
    email: &str,
    hash: &PasswordHashString,
    remove_ways_in: bool,
    now: i64,
    notice: &Mail,
) -> Result<Option<Vec<String>>, StoreError> {
    let ended = on_db!(db, pool => {
        let mut transaction = pool.begin().await?;
        if !take_token!(transaction, token_id) {
            return Ok(None);
        }
        let updated = execute_in!(
            transaction,
            "UPDATE users SET password_hash = $1, password_breached_at = NULL,
                 email_verified_at = COALESCE(email_verified_at, $2)
             WHERE id = $3 AND email = $4",
            hash.as_str(),
            now,
            user_id,
            email
        );
        if updated != 1 {
            // Dropped, the transaction rolls back: the token is not spent by a refusal.
            return Ok(None);
        }
        let ended = rotate_credentials!(transaction, user_id, None::<&str>, true, now);
        if remove_ways_in {
            for table in ["totp_factors", "recovery_codes", "passkeys", "linked_identities"] {
                execute_in!(transaction, &format!("DELETE FROM {table} WHERE user_id = $1"), user_id);
            }
        }
        enqueue!(transaction, notice, user_id, now)?;
        transaction.commit().await?;
        ended
    });
    Ok(Some(ended))
}

/// Uses verification token `token_id`: the account's address is proven, if it is still the
/// address the link went to. `false` when the token was used meanwhile or the address moved.
pub async fn verify_email(db: &Db, token_id: i64, user_id: i64, email: &str, now: i64) -> Result<bool, StoreError> {
    let verified = on_db!(db, pool => {
        let mut transaction = pool.begin().await?;
        if !take_token!(transaction, token_id) {
            return Ok(false);
        }
        let updated = execute_in!(
            transaction,
            "UPDATE users SET email_verified_at = COALESCE(email_verified_at, $1) WHERE id = $2 AND email = $3",
            now,
            user_id,
            email
        );
        let purpose = Purpose::VerifyEmail.name();
        execute_in!(transaction, "DELETE FROM email_tokens WHERE user_id = $1 AND purpose = $2", user_id, purpose);
        transaction.commit().await?;
        updated == 1
    });
    Ok(verified)
}

/// Uses address-change token `token_id`: the account moves from `old_email` to `new_email`,
/// proven, and the old address gets `notice`. `Ok(false)` when the token was used meanwhile
/// or the address already moved; `EmailTaken` when another account took the new address.
pub async fn change_email(
    db: &Db,
    token_id: i64,
    user_id: i64,
    old_email: &str,
    new_email: &str,
    now: i64,
    notice: &Mail,
) -> Result<bool, StoreError> {
    let changed = on_db!(db, pool => {
        let mut transaction = pool.begin().await?;
        if !take_token!(transaction, token_id) {
            return Ok(false);
        }
        let updated = sqlx::query("UPDATE users SET email = $1, email_verified_at = $2 WHERE id = $3 AND email = $4")
            .bind(new_email)
            .bind(now)
            .bind(user_id)
            .bind(old_email)
            .execute(&mut *transaction)
            .await
            .map_err(unique_violation_is_email_taken)?
            .rows_affected();
        if updated != 1 {
            return Ok(false);
        }
        // Every link sent to the old address (reset links too), or for another new one, is void now.
        execute_in!(transaction, "DELETE FROM email_tokens WHERE user_id = $1", user_id);
        enqueue!(transaction, notice, user_id, now)?;
        transaction.commit().await?;
        true
    });
    Ok(changed)
}
