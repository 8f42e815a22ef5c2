//! The `events` table: an account's security history.

use sqlx::{FromRow, SqlitePool};

use super::StoreError;
use crate::auth::account::EventView;

/// A new event row.
pub struct NewEvent<'a> {
    pub user_id: i64,
    pub kind: &'static str,
    pub at: i64,
    pub ip: Option<&'a str>,
    pub user_agent: Option<&'a str>,
}

#[derive(FromRow)]
struct EventRow {
    id: i64,
    #[sqlx(rename = "type")]
    kind: String,
    at: i64,
    ip: Option<String>,
    user_agent: Option<String>,
}

impl From<EventRow> for EventView {
    fn from(row: EventRow) -> Self {
        Self { id: row.id, kind: row.kind, at: row.at, ip: row.ip, user_agent: row.user_agent }
    }
}

pub async fn insert_event(pool: &SqlitePool, event: &NewEvent<'_>) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO events (user_id, type, at, ip, user_agent) VALUES (?, ?, ?, ?, ?)")
        .bind(event.user_id)
        .bind(event.kind)
        .bind(event.at)
        .bind(event.ip)
        .bind(event.user_agent)
        .execute(pool)
        .await?;
    Ok(())
}

/// Inserts the event unless the account already has one of its kind since `since`: a
/// throttled attacker hammering away leaves one row every few minutes, not one per request.
pub async fn insert_event_unless_recent(pool: &SqlitePool, event: &NewEvent<'_>, since: i64) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO events (user_id, type, at, ip, user_agent)
         SELECT ?, ?, ?, ?, ? WHERE NOT EXISTS
             (SELECT 1 FROM events WHERE user_id = ? AND type = ? AND at > ?)",
    )
    .bind(event.user_id)
    .bind(event.kind)
    .bind(event.at)
    .bind(event.ip)
    .bind(event.user_agent)
    .bind(event.user_id)
    .bind(event.kind)
    .bind(since)
    .execute(pool)
    .await?;
    Ok(())
}

/// The account's events, newest first, older than the event `before` when given.
pub async fn list_events(
    pool: &SqlitePool,
    user_id: i64,
    before: Option<i64>,
    limit: u32,
) -> Result<Vec<EventView>, StoreError> {
    let rows: Vec<EventRow> = sqlx::query_as(
        "SELECT id, type, at, ip, user_agent FROM events
         WHERE user_id = ? AND id < ? ORDER BY id DESC LIMIT ?",
    )
    .bind(user_id)
    .bind(before.unwrap_or(i64::MAX))
    .bind(limit)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(EventView::from).collect())
}

/// Deletes events older than `cutoff`: the history is kept 90 days.
pub async fn delete_events_before(pool: &SqlitePool, cutoff: i64) -> Result<u64, StoreError> {
    Ok(sqlx::query("DELETE FROM events WHERE at < ?").bind(cutoff).execute(pool).await?.rows_affected())
}
