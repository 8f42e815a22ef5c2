//! The outbox: every message, written in the transaction of the change that causes it, and
//! what the sender does with it (claim a due one, mark it sent, or due again later).
//!
//! Several instances may send from one outbox. A claim is one `UPDATE` that moves a due
//! row's `next_attempt_at` past a lease, with the due condition repeated in its own `WHERE`:
//! of two instances racing for a row, PostgreSQL re-checks that condition for the second
//! after the first commits, and it finds the row no longer due (SQLite has one writer at a
//! time). An instance that dies mid-send leaves the row to be claimed again when the lease
//! ends: each message is sent at least once.

use sqlx::FromRow;

use super::{execute, on_db, Db, StoreError};

/// A message to send: one recipient, a plain text and an HTML body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mail {
    /// What it is for (`verify_email`, `password_reset`, ...), for the log and `/dev/mail`.
    pub kind: &'static str,
    /// The address it goes to.
    pub recipient: String,
    /// The subject line.
    pub subject: String,
    /// The plain-text body.
    pub text: String,
    /// The HTML body.
    pub html: String,
}

/// Writes `mail`, about account `$user_id`, to the outbox inside a transaction that `$tx`
/// holds, due at `$now`. A macro, so one statement serves both databases' transactions.
macro_rules! enqueue {
    ($tx:expr, $mail:expr, $user_id:expr, $now:expr) => {
        sqlx::query(
            "INSERT INTO outbox (kind, recipient, subject, text_body, html_body, created_at, next_attempt_at, user_id)
             VALUES ($1, $2, $3, $4, $5, $6, $6, $7)",
        )
        .bind($mail.kind)
        .bind(&$mail.recipient)
        .bind(&$mail.subject)
        .bind(&$mail.text)
        .bind(&$mail.html)
        .bind($now)
        .bind($user_id)
        .execute(&mut *$tx)
        .await
    };
}
pub(crate) use enqueue;

/// Writes `mail`, about account `user_id`, to the outbox on its own (a notice that follows no
/// other change).
pub async fn insert(db: &Db, mail: &Mail, user_id: i64, now: i64) -> Result<(), StoreError> {
    on_db!(db, pool => {
        let mut transaction = pool.begin().await?;
        enqueue!(transaction, mail, user_id, now)?;
        transaction.commit().await?;
    });
    Ok(())
}

/// A message as the sender and `/dev/mail` read it.
#[derive(Clone, Debug, FromRow)]
pub struct StoredMail {
    /// The message's row.
    pub id: i64,
    /// What it is (`verify_email`, `reset_password`, ...).
    pub kind: String,
    /// The address it goes to.
    pub recipient: String,
    /// The subject line.
    pub subject: String,
    /// The plain-text body.
    pub text_body: String,
    /// The HTML body.
    pub html_body: String,
    /// Unix seconds, UTC.
    pub created_at: i64,
    /// Deliveries tried.
    pub attempts: i64,
    /// When the next try is due, Unix seconds.
    pub next_attempt_at: i64,
    /// When the SMTP server accepted it.
    pub sent_at: Option<i64>,
    /// When delivery was abandoned (a permanent refusal).
    pub gave_up_at: Option<i64>,
    /// What the last failed try answered.
    pub last_error: Option<String>,
}

const COLUMNS: &str = "id, kind, recipient, subject, text_body, html_body, created_at, attempts, next_attempt_at,
                       sent_at, gave_up_at, last_error";

/// Takes the oldest message due at `now`, if any, for `lease_secs`: no other sender takes it
/// until then. Its `attempts` counts this one.
pub async fn claim_due(db: &Db, now: i64, lease_secs: i64) -> Result<Option<StoredMail>, StoreError> {
    let sql = format!(
        "UPDATE outbox SET next_attempt_at = $1 + $2, attempts = attempts + 1
         WHERE id = (SELECT id FROM outbox WHERE sent_at IS NULL AND gave_up_at IS NULL AND next_attempt_at <= $1
                     ORDER BY next_attempt_at, id LIMIT 1)
           AND sent_at IS NULL AND gave_up_at IS NULL AND next_attempt_at <= $1
         RETURNING {COLUMNS}"
    );
    let claimed = on_db!(db, pool => sqlx::query_as(&sql).bind(now).bind(lease_secs).fetch_optional(pool).await)?;
    Ok(claimed)
}

/// Whether any message is due at `now`: a read, so an idle sender never takes a write lock.
pub async fn any_due(db: &Db, now: i64) -> Result<bool, StoreError> {
    let due: Option<i64> = on_db!(db, pool => sqlx::query_scalar(
        "SELECT id FROM outbox WHERE sent_at IS NULL AND gave_up_at IS NULL AND next_attempt_at <= $1 LIMIT 1",
    )
    .bind(now)
    .fetch_optional(pool)
    .await)?;
    Ok(due.is_some())
}

/// Notes that the SMTP server accepted message `id`.
pub async fn mark_sent(db: &Db, id: i64, now: i64) -> Result<(), StoreError> {
    execute!(db, "UPDATE outbox SET sent_at = $1, last_error = NULL WHERE id = $2", now, id)?;
    Ok(())
}

/// A failed attempt: due again at `retry_at`, or, for a permanent refusal (`retry_at` is
/// `None`), never again.
pub async fn mark_failed(db: &Db, id: i64, now: i64, retry_at: Option<i64>, error: &str) -> Result<(), StoreError> {
    let error: String = error.chars().take(500).collect();
    execute!(
        db,
        "UPDATE outbox SET next_attempt_at = COALESCE($1, next_attempt_at), gave_up_at = CASE WHEN $1 IS NULL THEN $2 END,
                           last_error = $3
         WHERE id = $4 AND sent_at IS NULL",
        retry_at,
        now,
        error,
        id
    )?;
    Ok(())
}

/// The newest `limit` messages, sent or not (for `/dev/mail`).
pub async fn list_recent(db: &Db, limit: u32) -> Result<Vec<StoredMail>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM outbox ORDER BY id DESC LIMIT $1");
    let rows = on_db!(db, pool => sqlx::query_as(&sql).bind(i64::from(limit)).fetch_all(pool).await)?;
    Ok(rows)
}

/// Messages waiting to be sent (for the metrics and the operator).
pub async fn count_pending(db: &Db) -> Result<i64, StoreError> {
    let pending = on_db!(db, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND gave_up_at IS NULL",
    )
    .fetch_one(pool)
    .await)?;
    Ok(pending)
}
