//! Second factors: the authenticator's sealed secret and its last accepted step, recovery
//! codes, and the challenges between a right password and the second step.

use sqlx::FromRow;

use super::{
    execute, execute_in, on_db,
    outbox::{enqueue, Mail},
    Db, StoreError,
};

/// How many codes one challenge may try.
pub const CHALLENGE_ATTEMPTS: i64 = 5;

/// An account's authenticator app: its sealed secret, whether it is on, its last step used.
#[derive(Debug, FromRow)]
pub struct TotpRow {
    /// The secret, sealed with the factor keys.
    pub secret_sealed: String,
    /// When the first code proved it; `None` while it waits for one.
    pub enabled_at: Option<i64>,
    /// The newest time step accepted: no code is accepted twice.
    pub last_step: i64,
}

/// The account's authenticator app, if it has one (on or waiting).
pub async fn totp_of(db: &Db, user_id: i64) -> Result<Option<TotpRow>, StoreError> {
    let row = on_db!(db, pool => sqlx::query_as(
        "SELECT secret_sealed, enabled_at, last_step FROM totp_factors WHERE user_id = $1",
    )
    .bind(user_id)
    .fetch_optional(pool)
    .await)?;
    Ok(row)
}

/// Whether the account has an enabled authenticator.
pub async fn has_second_factor(db: &Db, user_id: i64) -> Result<bool, StoreError> {
    let found: Option<i64> = on_db!(db, pool => sqlx::query_scalar(
        "SELECT user_id FROM totp_factors WHERE user_id = $1 AND enabled_at IS NOT NULL",
    )
    .bind(user_id)
    .fetch_optional(pool)
    .await)?;
    Ok(found.is_some())
}

/// Stores a new secret awaiting its first code, replacing an earlier one that never got it.
/// `false` when an enabled authenticator is there (it is never replaced this way).
pub async fn put_pending_totp(db: &Db, user_id: i64, sealed: &str, now: i64) -> Result<bool, StoreError> {
    let written = execute!(
        db,
        "INSERT INTO totp_factors (user_id, secret_sealed, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (user_id) DO UPDATE SET secret_sealed = excluded.secret_sealed,
             created_at = excluded.created_at, last_step = 0
         WHERE totp_factors.enabled_at IS NULL",
        user_id,
        sealed,
        now
    )?;
    Ok(written == 1)
}

/// Turns the pending authenticator on, with `step` spent and a new set of recovery codes
/// (any older set is gone), and mails `notice`: one transaction. Only if the pending secret is
/// still `sealed`, the one the code was checked against: a setup from another session in
/// between replaced it, and that one has proven nothing. `false` if nothing so was pending.
#[allow(clippy::too_many_arguments)] // one transaction's inputs, named at its one call
pub async fn enable_totp(
    db: &Db,
    user_id: i64,
    sealed: &str,
    step: i64,
    code_hashes: &[String],
    now: i64,
    notice: &Mail,
) -> Result<bool, StoreError> {
    let enabled = on_db!(db, pool => {
        let mut transaction = pool.begin().await?;
        let updated = execute_in!(transaction, "UPDATE totp_factors SET enabled_at = $1, last_step = $2
             WHERE user_id = $3 AND enabled_at IS NULL AND secret_sealed = $4", now, step, user_id, sealed);
        if updated != 1 {
            return Ok(false);
        }
        execute_in!(transaction, "DELETE FROM recovery_codes WHERE user_id = $1", user_id);
        for hash in code_hashes {
            execute_in!(transaction, "INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)", user_id, hash);
        }
        enqueue!(transaction, notice, user_id, now)?;
        transaction.commit().await?;
        true
    });
    Ok(enabled)
}

/// Accepts step `step` of the account's authenticator, once: `false` if that step (or a
/// later one) was accepted before.
pub async fn spend_step(db: &Db, user_id: i64, step: i64) -> Result<bool, StoreError> {
    let spent = execute!(
        db,
        "UPDATE totp_factors SET last_step = $1 WHERE user_id = $2 AND enabled_at IS NOT NULL AND last_step < $1",
        step,
        user_id
    )?;
    Ok(spent == 1)
}

/// Removes the authenticator and its recovery codes, and mails `notice`.
pub async fn disable_totp(db: &Db, user_id: i64, now: i64, notice: &Mail) -> Result<(), StoreError> {
    on_db!(db, pool => {
        let mut transaction = pool.begin().await?;
        execute_in!(transaction, "DELETE FROM recovery_codes WHERE user_id = $1", user_id);
        execute_in!(transaction, "DELETE FROM totp_factors WHERE user_id = $1", user_id);
        enqueue!(transaction, notice, user_id, now)?;
        transaction.commit().await?;
    });
    Ok(())
}

/// One unused recovery code's hash.
#[derive(Debug, FromRow)]
pub struct RecoveryCodeRow {
    /// The code's row.
    pub id: i64,
    /// Its hash.
    pub code_hash: String,
}

/// The account's recovery codes not used yet.
pub async fn unused_recovery_codes(db: &Db, user_id: i64) -> Result<Vec<RecoveryCodeRow>, StoreError> {
    let rows = on_db!(db, pool => sqlx::query_as(
        "SELECT id, code_hash FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL ORDER BY id",
    )
    .bind(user_id)
    .fetch_all(pool)
    .await)?;
    Ok(rows)
}

/// Uses recovery code `id`, once: `false` if it was used meanwhile.
pub async fn spend_recovery_code(db: &Db, id: i64, now: i64) -> Result<bool, StoreError> {
    let spent = execute!(db, "UPDATE recovery_codes SET used_at = $1 WHERE id = $2 AND used_at IS NULL", now, id)?;
    Ok(spent == 1)
}

/// Stores a login's second-step challenge (its id's hash), until `expires_at`.
pub async fn insert_challenge(
    db: &Db,
    id_hash: &str,
    user_id: i64,
    now: i64,
    expires_at: i64,
) -> Result<(), StoreError> {
    execute!(
        db,
        "INSERT INTO login_challenges (id, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
        id_hash,
        user_id,
        now,
        expires_at
    )?;
    Ok(())
}

/// Counts one attempt on a live challenge and says whose it is; `None` when the challenge is
/// unknown, used, expired, or has had its attempts. Check and count are one statement, so
/// attempts sent together cannot all pass before any counts.
pub async fn attempt_challenge(db: &Db, id_hash: &str, now: i64) -> Result<Option<i64>, StoreError> {
    let user_id = on_db!(db, pool => sqlx::query_scalar(
        "UPDATE login_challenges SET attempts = attempts + 1
         WHERE id = $1 AND used_at IS NULL AND expires_at > $2 AND attempts < $3
         RETURNING user_id",
    )
    .bind(id_hash)
    .bind(now)
    .bind(CHALLENGE_ATTEMPTS)
    .fetch_optional(pool)
    .await)?;
    Ok(user_id)
}

/// Marks a challenge used: `false` if another request used it first.
pub async fn close_challenge(db: &Db, id_hash: &str, now: i64) -> Result<bool, StoreError> {
    let closed =
        execute!(db, "UPDATE login_challenges SET used_at = $1 WHERE id = $2 AND used_at IS NULL", now, id_hash)?;
    Ok(closed == 1)
}
