//! Passkeys: each account's WebAuthn handle, its registered credentials, and the ceremonies
//! in progress between a challenge and its answer.

use sqlx::FromRow;

use super::{
    on_db,
    outbox::{enqueue, Mail},
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

#[derive(Debug, FromRow)]
pub struct PasskeyRow {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub credential: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

const COLUMNS: &str = "id, user_id, name, credential, created_at, last_used_at";

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
    pub user_id: i64,
    pub credential_id: &'a str,
    pub name: &'a str,
    pub credential: &'a str,
    pub created_at: i64,
}

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
    on_db!(db, pool => sqlx::query("UPDATE passkeys SET credential = $1, last_used_at = $2 WHERE id = $3")
        .bind(credential)
        .bind(now)
        .bind(id)
        .execute(pool)
        .await
        .map(|_| ()))?;
    Ok(())
}

/// Renames the account's passkey `id`: `false` when it has none by that id.
pub async fn rename_passkey(db: &Db, user_id: i64, id: i64, name: &str) -> Result<bool, StoreError> {
    let renamed = on_db!(db, pool => sqlx::query("UPDATE passkeys SET name = $1 WHERE id = $2 AND user_id = $3")
        .bind(name)
        .bind(id)
        .bind(user_id)
        .execute(pool)
        .await
        .map(|done| done.rows_affected()))?;
    Ok(renamed == 1)
}

/// Removes the account's passkey `id` and mails `notice`: `false` when it has none by that id.
pub async fn delete_passkey(db: &Db, user_id: i64, id: i64, now: i64, notice: &Mail) -> Result<bool, StoreError> {
    let deleted = on_db!(db, pool => {
        let mut transaction = pool.begin().await?;
        let deleted = sqlx::query("DELETE FROM passkeys WHERE id = $1 AND user_id = $2")
            .bind(id)
            .bind(user_id)
            .execute(&mut *transaction)
            .await?
            .rows_affected();
        if deleted == 1 {
            enqueue!(transaction, notice, user_id, now)?;
        }
        transaction.commit().await?;
        deleted == 1
    });
    Ok(deleted)
}

pub async fn insert_ceremony(
    db: &Db,
    id_hash: &str,
    user_id: Option<i64>,
    kind: &str,
    state: &str,
    expires_at: i64,
) -> Result<(), StoreError> {
    on_db!(db, pool => sqlx::query(
        "INSERT INTO webauthn_ceremonies (id, user_id, kind, state, expires_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id_hash)
    .bind(user_id)
    .bind(kind)
    .bind(state)
    .bind(expires_at)
    .execute(pool)
    .await
    .map(|_| ()))?;
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
