//! The `sessions` table: one row per login, read on every authenticated request (through the
//! cache), ended by logout, the cap and the owner.

use sqlx::FromRow;

use super::{
    execute, on_db,
    users::{UserRow, ROLES_OF_USER, USER_COLUMNS},
    Db, StoreError, User,
};

/// A new session row: one per login.
pub struct NewSession<'a> {
    /// The session's id: the token's `jti`.
    pub id: &'a str,
    /// Its account.
    pub user_id: i64,
    /// Unix seconds, UTC.
    pub created_at: i64,
    /// Unix seconds, UTC: the token's `exp`.
    pub expires_at: i64,
    /// The browser's `User-Agent`.
    pub user_agent: Option<&'a str>,
}

#[derive(FromRow)]
struct LiveSessionRow {
    #[sqlx(flatten)]
    user: UserRow,
    last_seen_at: i64,
}

/// The user and roles of a live session, and when it was last seen. A disabled account has
/// no live session (disabling revokes them too; this holds meanwhile).
static LIVE_SESSION_USER: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let columns = USER_COLUMNS.split(", ").map(|column| format!("u.{}", column.trim())).collect::<Vec<_>>().join(", ");
    format!(
        "SELECT {columns}, {ROLES_OF_USER}, COALESCE(s.last_seen_at, s.created_at) AS last_seen_at
         FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL AND s.expires_at > $3
           AND u.disabled_at IS NULL"
    )
});

/// The user of session `session_id`, and when the session was last seen, if that session
/// belongs to `user_id`, is not revoked and has not expired at `now`.
pub async fn find_user_by_live_session(
    db: &Db,
    session_id: &str,
    user_id: i64,
    now: i64,
) -> Result<Option<(User, i64)>, StoreError> {
    let row: Option<LiveSessionRow> = on_db!(db, pool => sqlx::query_as(
        &LIVE_SESSION_USER,
    )
    .bind(session_id)
    .bind(user_id)
    .bind(now)
    .fetch_optional(pool)
    .await)?;
    Ok(row.map(|row| (User::from(row.user), row.last_seen_at)))
}

/// Opens the session, if the account's credentials are still at `credentials_version` (the
/// version read with the password that was checked): `false` when a reset, a password change
/// or "sign out everywhere" came between. The user row is read under a share lock, so a
/// rotation either waits for this session (and then ends it) or this insert sees its version.
pub async fn insert_session(db: &Db, session: &NewSession<'_>, credentials_version: i64) -> Result<bool, StoreError> {
    let lock = if matches!(db, Db::Postgres(_)) { " FOR SHARE" } else { "" };
    let sql = format!(
        "INSERT INTO sessions (id, user_id, created_at, expires_at, user_agent)
         SELECT $1, id, $3, $4, $5 FROM users
         WHERE id = $2 AND credentials_version = $6 AND disabled_at IS NULL{lock}"
    );
    let inserted = execute!(
        db,
        &sql,
        session.id,
        session.user_id,
        session.created_at,
        session.expires_at,
        session.user_agent,
        credentials_version
    )? == 1;
    Ok(inserted)
}

/// Notes when the account last opened a session (the console lists it).
pub async fn mark_signed_in(db: &Db, user_id: i64, now: i64) -> Result<(), StoreError> {
    execute!(db, "UPDATE users SET last_sign_in_at = $1 WHERE id = $2", now, user_id)?;
    Ok(())
}

/// Marks the session revoked; a second logout of the same session changes nothing.
pub async fn revoke_session(db: &Db, session_id: &str, now: i64) -> Result<(), StoreError> {
    execute!(db, "UPDATE sessions SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL", now, session_id)?;
    Ok(())
}

/// Deletes every session of `user_id` but its newest `keep` live ones, and says which went, so
/// their cached entries can be evicted too. Dead rows of the account go with them.
pub async fn end_sessions_past(db: &Db, user_id: i64, keep: u32, now: i64) -> Result<Vec<String>, StoreError> {
    // `rowid` breaks ties within a second: SQLite's hidden insertion order, declared as an
    // identity column in PostgreSQL's schema.
    let ended = on_db!(db, pool => sqlx::query_scalar(
        "DELETE FROM sessions WHERE user_id = $1 AND id NOT IN (
             SELECT id FROM sessions WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2
             ORDER BY created_at DESC, rowid DESC LIMIT $3)
         RETURNING id",
    )
    .bind(user_id)
    .bind(now)
    .bind(i64::from(keep))
    .fetch_all(pool)
    .await)?;
    Ok(ended)
}

/// How many sessions are live at `now` (for the metrics).
pub async fn count_live_sessions(db: &Db, now: i64) -> Result<i64, StoreError> {
    let live = on_db!(db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE revoked_at IS NULL AND expires_at > $1")
        .bind(now)
        .fetch_one(pool)
        .await)?;
    Ok(live)
}

/// A live session row, with the token id it stands for (never shown as such).
#[derive(FromRow)]
pub struct SessionRow {
    /// The session's id.
    pub id: String,
    /// Unix seconds, UTC.
    pub created_at: i64,
    /// Unix seconds, UTC; `None` until first written.
    pub last_seen_at: Option<i64>,
    /// The browser's `User-Agent`.
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
    execute!(db, "UPDATE sessions SET last_seen_at = $1 WHERE id = $2", now, session_id)?;
    Ok(())
}

/// When the session's owner last proved it is them: a re-authentication, else the sign-in
/// that opened it. `None` for a session that is not live (ended, expired, unknown).
pub async fn last_proof(db: &Db, session_id: &str, now: i64) -> Result<Option<i64>, StoreError> {
    let at = on_db!(db, pool => sqlx::query_scalar(
        "SELECT COALESCE(reauthenticated_at, created_at) FROM sessions
         WHERE id = $1 AND revoked_at IS NULL AND expires_at > $2"
    )
    .bind(session_id)
    .bind(now)
    .fetch_optional(pool)
    .await)?;
    Ok(at)
}

/// Records that the session's owner proved it is them again, now.
pub async fn mark_reauthenticated(db: &Db, session_id: &str, now: i64) -> Result<(), StoreError> {
    execute!(db, "UPDATE sessions SET reauthenticated_at = $1 WHERE id = $2", now, session_id)?;
    Ok(())
}
