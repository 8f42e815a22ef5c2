//! Deleting an account, with everything that names it, in one transaction.

use super::{on_db, Db, StoreError};

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
