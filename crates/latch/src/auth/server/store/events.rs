//! The `events` table: an account's security history.

use sqlx::FromRow;

use super::{execute, on_db, Db, StoreError};
use crate::auth::account::EventView;

/// A new event row.
pub struct NewEvent<'a> {
    /// Whose history.
    pub user_id: i64,
    /// The event's `type` ([`crate::auth::account::EVENT_TYPES`]).
    pub kind: &'static str,
    /// Unix seconds, UTC.
    pub at: i64,
    /// The caller's address.
    pub ip: Option<&'a str>,
    /// The caller's `User-Agent`.
    pub user_agent: Option<&'a str>,
    /// What the type alone does not say (the provider an identity came through).
    pub detail: Option<&'a str>,
}

#[derive(FromRow)]
struct EventRow {
    id: i64,
    #[sqlx(rename = "type")]
    kind: String,
    at: i64,
    ip: Option<String>,
    user_agent: Option<String>,
    detail: Option<String>,
}

impl From<EventRow> for EventView {
    fn from(row: EventRow) -> Self {
        Self { id: row.id, kind: row.kind, at: row.at, ip: row.ip, user_agent: row.user_agent, detail: row.detail }
    }
}

/// The most events an account keeps: past it, each new one drops the oldest. A right password
/// is never throttled, so without a bound a login loop would grow the history (and the
/// account page, and the export) for 90 days.
pub const EVENTS_KEPT_PER_ACCOUNT: i64 = 1_000;

/// Records an event, and keeps the account's history to its newest [`EVENTS_KEPT_PER_ACCOUNT`]
/// rows.
pub async fn insert_event(db: &Db, event: &NewEvent<'_>) -> Result<(), StoreError> {
    execute!(
        db,
        "INSERT INTO events (user_id, type, at, ip, user_agent, detail) VALUES ($1, $2, $3, $4, $5, $6)",
        event.user_id,
        event.kind,
        event.at,
        event.ip,
        event.user_agent,
        event.detail
    )?;
    count_activity(db, event.kind, event.at).await?;
    keep_the_newest(db, event.user_id).await
}

/// What the console's activity chart counts per day (`activity_days`).
pub const ACTIVITY_KINDS: [&str; 3] = ["signup", "login", "login_failed"];

/// Adds one to the day's count of `kind`, when the chart counts it. Its own statement, so the
/// day's row is locked for one update, not for a sign-in's transaction.
async fn count_activity(db: &Db, kind: &str, at: i64) -> Result<(), StoreError> {
    if ACTIVITY_KINDS.contains(&kind) {
        execute!(
            db,
            "INSERT INTO activity_days (day, kind, count) VALUES ($1, $2, 1)
             ON CONFLICT (day, kind) DO UPDATE SET count = activity_days.count + 1",
            at.div_euclid(86_400) * 86_400,
            kind
        )?;
    }
    Ok(())
}

/// Deletes the account's events past its newest [`EVENTS_KEPT_PER_ACCOUNT`]. The index on
/// `(user_id, id)` finds the cut-off by walking at most that many entries; an account with
/// fewer has no cut-off, and nothing is deleted.
async fn keep_the_newest(db: &Db, user_id: i64) -> Result<(), StoreError> {
    execute!(
        db,
        "DELETE FROM events WHERE user_id = $1 AND id <= (
             SELECT id FROM events WHERE user_id = $1 ORDER BY id DESC LIMIT 1 OFFSET $2)",
        user_id,
        EVENTS_KEPT_PER_ACCOUNT
    )?;
    Ok(())
}

/// Inserts the event unless the account already has one of its kind since `since`: a
/// throttled attacker hammering away leaves one row every few minutes, not one per request.
pub async fn insert_event_unless_recent(db: &Db, event: &NewEvent<'_>, since: i64) -> Result<(), StoreError> {
    // The casts give PostgreSQL the types a bare `SELECT $1` leaves open; SQLite ignores them.
    execute!(
        db,
        "INSERT INTO events (user_id, type, at, ip, user_agent)
         SELECT CAST($1 AS BIGINT), CAST($2 AS TEXT), CAST($3 AS BIGINT), CAST($4 AS TEXT), CAST($5 AS TEXT)
         WHERE NOT EXISTS (SELECT 1 FROM events WHERE user_id = $1 AND type = $2 AND at > $6)",
        event.user_id,
        event.kind,
        event.at,
        event.ip,
        event.user_agent,
        since
    )?;
    Ok(())
}

/// The account's events, newest first, older than the event `before` when given.
pub async fn list_events(db: &Db, user_id: i64, before: Option<i64>, limit: u32) -> Result<Vec<EventView>, StoreError> {
    let rows: Vec<EventRow> = on_db!(db, pool => sqlx::query_as(
        "SELECT id, type, at, ip, user_agent, detail FROM events
         WHERE user_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3",
    )
    .bind(user_id)
    .bind(before.unwrap_or(i64::MAX))
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await)?;
    Ok(rows.into_iter().map(EventView::from).collect())
}
