//! What an account's owner can do to it: list and end sessions, change the password, delete
//! the whole account.

use sqlx::FromRow;

use super::{on_db, Db, StoreError};

/// A live session row, with the token id it stands for (never shown as such).
#[derive(FromRow)]
pub struct SessionRow {
    pub id: String,
    pub created_at: i64,
    pub last_seen_at: Option<i64>,
    pub user_agent: Option<String>,
}

/// The account's live sessions, newest first.
pub async fn list_live_sessions(db: &Db, user_id: i64, now: i64) -> Result<Vec<SessionRow>, StoreError> {
    let rows = on_db!(db, pool => sqlx::query_as(
        "SELECT id, created_at, last_seen_at, user_agent FROM sessions
         WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2
         ORDER BY created_at DESC, rowid DESC",
    )
    .bind(user_id)
    .bind(now)
    .fetch_all(pool)
    .await)?;
    Ok(rows)
}

/// Writes the last-seen time of a session.
pub async fn touch_session(db: &Db, session_id: &str, now: i64) -> Result<(), StoreError> {
    on_db!(db, pool => sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id = $2")
        .bind(now)
        .bind(session_id)
        .execute(pool)
        .await
        .map(|_| ()))?;
    Ok(())
}

/// Deletes the account with its sessions, its events and its messages in the outbox (sent
/// or not: they hold its address, its name and its links), in one transaction, and says
/// which sessions ended, for the cache. Messages written before the outbox named accounts
/// are matched by the account's address.
pub async fn delete_user(db: &Db, user_id: i64, email: &str) -> Result<Vec<String>, StoreError> {
    let ended = on_db!(db, pool => {
        let mut transaction = pool.begin().await?;
        let ended = sqlx::query_scalar("DELETE FROM sessions WHERE user_id = $1 RETURNING id")
            .bind(user_id)
            .fetch_all(&mut *transaction)
            .await?;
        sqlx::query("DELETE FROM events WHERE user_id = $1").bind(user_id).execute(&mut *transaction).await?;
        sqlx::query("DELETE FROM outbox WHERE user_id = $1 OR (user_id IS NULL AND recipient = $2)")
            .bind(user_id)
            .bind(email)
            .execute(&mut *transaction)
            .await?;
        sqlx::query("DELETE FROM users WHERE id = $1").bind(user_id).execute(&mut *transaction).await?;
        transaction.commit().await?;
        ended
    });
    Ok(ended)
}

/// An account as an operator lists it.
#[derive(FromRow)]
pub struct UserSummary {
    pub id: i64,
    pub email: String,
    pub username: String,
    pub created_at: i64,
    pub live_sessions: i64,
}

/// Every account, oldest first, with how many sessions each has live at `now`.
pub async fn list_users(db: &Db, now: i64) -> Result<Vec<UserSummary>, StoreError> {
    let rows = on_db!(db, pool => sqlx::query_as(
        "SELECT u.id, u.email, u.username, u.created_at,
                (SELECT COUNT(*) FROM sessions s
                 WHERE s.user_id = u.id AND s.revoked_at IS NULL AND s.expires_at > $1) AS live_sessions
         FROM users u ORDER BY u.id",
    )
    .bind(now)
    .fetch_all(pool)
    .await)?;
    Ok(rows)
}
