//! What the guessing notice reads and claims (`auth::server::notices::guessing`).

use super::{
    execute_in, on_db,
    outbox::{enqueue, Mail},
    Db, StoreError,
};

/// The most recorded wrong passwords read to name their networks: an account keeps at most
/// `events::EVENTS_KEPT_PER_ACCOUNT` events anyway.
const ADDRESSES_READ: i64 = 1_000;

/// Wrong passwords recorded for an account since a time.
pub struct Failures {
    /// How many.
    pub count: i64,
    /// The addresses they came from (some may repeat).
    pub addresses: Vec<String>,
}

/// The account's `login_failed` events since `since` (its history's index, at most a
/// thousand rows).
pub async fn failures_since(db: &Db, user_id: i64, since: i64) -> Result<Failures, StoreError> {
    let addresses: Vec<Option<String>> = on_db!(db, pool => sqlx::query_scalar(
        "SELECT ip FROM events WHERE user_id = $1 AND type = 'login_failed' AND at > $2 ORDER BY id DESC LIMIT $3",
    )
    .bind(user_id)
    .bind(since)
    .bind(ADDRESSES_READ)
    .fetch_all(pool)
    .await)?;
    Ok(Failures { count: addresses.len() as i64, addresses: addresses.into_iter().flatten().collect() })
}

/// Claims the account's guessing notice (none since `since`) and queues `mail`, in one
/// transaction; `false`, and nothing queued, when another request or instance claimed it.
pub async fn claim_notice(db: &Db, user_id: i64, mail: &Mail, now: i64, since: i64) -> Result<bool, StoreError> {
    let claimed = on_db!(db, pool => {
        let mut transaction = pool.begin().await?;
        let claimed = execute_in!(
            transaction,
            "UPDATE users SET guessing_notice_at = $1
             WHERE id = $2 AND (guessing_notice_at IS NULL OR guessing_notice_at <= $3)",
            now,
            user_id,
            since
        ) == 1;
        if claimed {
            enqueue!(transaction, mail, user_id, now)?;
        }
        transaction.commit().await?;
        claimed
    });
    Ok(claimed)
}
