//! Passkeys: each account's WebAuthn handle, its registered credentials, and the ceremonies
//! in progress between a challenge and its answer.

use sqlx::FromRow;

use super::{
    execute, execute_in, on_db,
    outbox::{enqueue, Mail},
    ways_in::{lock_account, ways_in_left, Unlinked},
    Db, StoreError,
};

/// The account's WebAuthn handle, made and kept on first use. Two racing first uses agree:
/// the loser's insert does nothing, and both read the winner's.
pub async fn handle_of(db: &Db, user_id: i64, fresh: &str) -> Result<String, StoreError> {
    let handle = on_db!(db, pool => {
        sqlx::query("INSERT INTO webauthn_users (user_id, handle) VALUES ($1, $2) ON CONFLICT (user_id) DO NOTHING")
            .bind(user_id)
            .bind(fresh)
            .execute(pool)
            .await?;
        sqlx::query_scalar("SELECT handle FROM webauthn_users WHERE user_id = $1").bind(user_id).fetch_one(pool).await?
    });
    Ok(handle)
}

/// A stored passkey.
#[derive(Debug, FromRow)]
pub struct PasskeyRow {
    /// The passkey's row.
    pub id: i64,
    /// Its account.
    pub user_id: i64,
    /// The name its owner gave it.
    pub name: String,
    /// The credential as webauthn-rs serialises it (public key and counter).
    pub credential: String,
    /// Unix seconds, UTC.
    pub created_at: i64,
    /// Unix seconds, UTC; `None` until it signs in.
    pub last_used_at: Option<i64>,
}

const COLUMNS: &str = "id, user_id, name, credential, created_at, last_used_at";

/// The account's passkeys, oldest first.
pub async fn passkeys_of(db: &Db, user_id: i64) -> Result<Vec<PasskeyRow>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM passkeys WHERE user_id = $1 ORDER BY id");
    let rows = on_db!(db, pool => sqlx::query_as(&sql).bind(user_id).fetch_all(pool).await)?;
    Ok(rows)
}

/// The passkey with this credential id, if its account's handle is `handle`.
pub async fn find_passkey(db: &Db, credential_id: &str, handle: &str) -> Result<Option<PasskeyRow>, StoreError> {
    let sql = "SELECT p.id, p.user_id, p.name, p.credential, p.created_at, p.last_used_at
               FROM passkeys p JOIN webauthn_users w ON w.user_id = p.user_id
               WHERE p.credential_id = $1 AND w.handle = $2";
    let row = on_db!(db, pool => sqlx::query_as(sql).bind(credential_id).bind(handle).fetch_optional(pool).await)?;
    Ok(row)
}

/// A new passkey and its notice: one transaction.
pub struct NewPasskey<'a> {
    /// Its account.
    pub user_id: i64,
    /// The credential id, unique across accounts.
    pub credential_id: &'a str,
    /// The name its owner gave it.
    pub name: &'a str,
    /// The credential as webauthn-rs serialises it.
    pub credential: &'a str,
    /// Unix seconds, UTC.
    pub created_at: i64,
}

/// Stores a new passkey and the notice mailed about it, in one transaction; its id.
pub async fn insert_passkey(db: &Db, passkey: &NewPasskey<'_>, notice: &Mail) -> Result<i64, StoreError> {
    let id = on_db!(db, pool => {
        let mut transaction = pool.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO passkeys (user_id, credential_id, name, credential, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(passkey.user_id)
        .bind(passkey.credential_id)
        .bind(passkey.name)
        .bind(passkey.credential)
        .bind(passkey.created_at)
        .fetch_one(&mut *transaction)
        .await?;
        enqueue!(transaction, notice, passkey.user_id, passkey.created_at)?;
        transaction.commit().await?;
        id
    });
    Ok(id)
}

/// Records a use: the credential as it stands after it (its counter), and when.
pub async fn record_use(db: &Db, id: i64, credential: &str, now: i64) -> Result<(), StoreError> {
    execute!(db, "UPDATE passkeys SET credential = $1, last_used_at = $2 WHERE id = $3", credential, now, id)?;
    Ok(())
}

/// Renames the account's passkey `id`: `false` when it has none by that id.
pub async fn rename_passkey(db: &Db, user_id: i64, id: i64, name: &str) -> Result<bool, StoreError> {
    let renamed = execute!(db, "UPDATE passkeys SET name = $1 WHERE id = $2 AND user_id = $3", name, id, user_id)?;
    Ok(renamed == 1)
}

/// Removes the account's passkey `id` and mails `notice`, unless it is the account's last way
/// in (an account made by a provider, its identity since unlinked, may hold only passkeys).
/// `email_sign_in`: whether the deployment offers sign-in by email, a way in of its own.
pub async fn delete_passkey(
    db: &Db,
    user_id: i64,
    id: i64,
    now: i64,
    notice: &Mail,
    email_sign_in: bool,
) -> Result<Unlinked, StoreError> {
    let removed = on_db!(db, pool => {
        let mut transaction = pool.begin().await?;
        lock_account!(transaction, user_id);
        let deleted = execute_in!(transaction, "DELETE FROM passkeys WHERE id = $1 AND user_id = $2", id, user_id);
        if deleted != 1 {
            return Ok(Unlinked::NotFound);
        }
        if ways_in_left!(transaction, user_id, email_sign_in) == 0 {
            return Ok(Unlinked::LastWayIn);
        }
        enqueue!(transaction, notice, user_id, now)?;
        transaction.commit().await?;
        Unlinked::Done(String::new())
    });
    Ok(removed)
}

/// Stores a passkey ceremony's state (its id's hash) until `expires_at`.
pub async fn insert_ceremony(
    db: &Db,
    id_hash: &str,
    user_id: Option<i64>,
    kind: &str,
    state: &str,
    expires_at: i64,
) -> Result<(), StoreError> {
    execute!(
        db,
        "INSERT INTO webauthn_ceremonies (id, user_id, kind, state, expires_at) VALUES ($1, $2, $3, $4, $5)",
        id_hash,
        user_id,
        kind,
        state,
        expires_at
    )?;
    Ok(())
}

/// Takes a live ceremony of `kind` (and of `user_id`, for a registration) out of the table:
/// its state, once.
pub async fn take_ceremony(
    db: &Db,
    id_hash: &str,
    kind: &str,
    user_id: Option<i64>,
    now: i64,
) -> Result<Option<String>, StoreError> {
    let state = on_db!(db, pool => sqlx::query_scalar(
        "DELETE FROM webauthn_ceremonies
         WHERE id = $1 AND kind = $2 AND user_id IS NOT DISTINCT FROM $3 AND expires_at > $4
         RETURNING state",
    )
    .bind(id_hash)
    .bind(kind)
    .bind(user_id)
    .bind(now)
    .fetch_optional(pool)
    .await)?;
    Ok(state)
}
