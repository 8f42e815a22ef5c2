//! SQL, one small named function per query. Nothing here knows about HTTP or rules. This
//! file: users and the session rows every login and request uses; `account`: what an owner
//! does to their account; `events`: its security history.

pub mod account;
pub mod credentials;
pub mod db;
pub mod email;
pub mod events;
pub mod factors;
pub mod outbox;
pub mod passkeys;
pub mod throttle;

pub(crate) use db::on_db;
pub use db::Db;
use sqlx::FromRow;

use super::password::PasswordHashString;
use crate::auth::UserProfile;

/// A user row as the server holds it. Has the hash, so it is never sent anywhere:
/// `UserProfile` is what leaves the server.
#[derive(Debug, Clone)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub username: String,
    pub password_hash: PasswordHashString,
    pub created_at: i64,
    /// When the owner proved they read mail at `email`; `None` until then.
    pub email_verified_at: Option<i64>,
    /// Bumped whenever older credentials lose what they earned (`credentials::rotate`).
    pub credentials_version: i64,
}

impl From<&User> for UserProfile {
    fn from(user: &User) -> Self {
        Self { id: user.id, email: user.email.clone(), username: user.username.clone(), created_at: user.created_at }
    }
}

#[derive(FromRow)]
struct UserRow {
    id: i64,
    email: String,
    username: String,
    password_hash: String,
    created_at: i64,
    email_verified_at: Option<i64>,
    credentials_version: i64,
}

/// What every query that reads a `User` selects.
const USER_COLUMNS: &str = "id, email, username, password_hash, created_at, email_verified_at, credentials_version";

impl From<UserRow> for User {
    fn from(row: UserRow) -> Self {
        Self {
            id: row.id,
            email: row.email,
            username: row.username,
            password_hash: PasswordHashString::from_stored(row.password_hash),
            created_at: row.created_at,
            email_verified_at: row.email_verified_at,
            credentials_version: row.credentials_version,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The email's UNIQUE index refused the row: the one way a duplicate is detected, on
    /// either database.
    #[error("that email is already registered")]
    EmailTaken,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// A new session row: one per login.
pub struct NewSession<'a> {
    pub id: &'a str,
    pub user_id: i64,
    pub created_at: i64,
    pub expires_at: i64,
    pub user_agent: Option<&'a str>,
}

pub async fn find_user_by_email(db: &Db, email: &str) -> Result<Option<User>, StoreError> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE email = $1");
    let row: Option<UserRow> = on_db!(db, pool => sqlx::query_as(&sql)
    .bind(email)
    .fetch_optional(pool)
    .await)?;
    Ok(row.map(User::from))
}

#[derive(FromRow)]
struct LiveSessionRow {
    #[sqlx(flatten)]
    user: UserRow,
    last_seen_at: i64,
}

/// The user of session `session_id`, and when the session was last seen, if that session
/// belongs to `user_id`, is not revoked and has not expired at `now`.
pub async fn find_user_by_live_session(
    db: &Db,
    session_id: &str,
    user_id: i64,
    now: i64,
) -> Result<Option<(User, i64)>, StoreError> {
    let row: Option<LiveSessionRow> = on_db!(db, pool => sqlx::query_as(
        "SELECT u.id, u.email, u.username, u.password_hash, u.created_at, u.email_verified_at,
                u.credentials_version, COALESCE(s.last_seen_at, s.created_at) AS last_seen_at
         FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL AND s.expires_at > $3",
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
         SELECT $1, id, $3, $4, $5 FROM users WHERE id = $2 AND credentials_version = $6{lock}"
    );
    let inserted = on_db!(db, pool => sqlx::query(&sql)
    .bind(session.id)
    .bind(session.user_id)
    .bind(session.created_at)
    .bind(session.expires_at)
    .bind(session.user_agent)
    .bind(credentials_version)
    .execute(pool)
    .await
    .map(|done| done.rows_affected() == 1))?;
    Ok(inserted)
}

/// Marks the session revoked; a second logout of the same session changes nothing.
pub async fn revoke_session(db: &Db, session_id: &str, now: i64) -> Result<(), StoreError> {
    on_db!(db, pool => sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
        .bind(now)
        .bind(session_id)
        .execute(pool)
        .await
        .map(|_| ()))?;
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

/// The lock an instance holds while it prunes: the others skip that round (no double work);
/// deleting what is dead is idempotent, so a round that fails is redone by the next (no lost
/// work). Any constant unique to Latch: "latch" in ASCII.
/// How long a message stays in the outbox once sent, for `/dev/mail` and for support.
pub const MAIL_KEPT_SECS: i64 = 7 * 24 * 3600;

pub const PRUNER_LOCK: i64 = 0x6c_61_74_63_68;

/// Deletes sessions that expired or were revoked (no token naming them can work again),
/// events older than `events_before`, and throttle buckets untouched for an hour (full again:
/// every limit refills within the hour). One transaction; on PostgreSQL only the instance
/// that takes the pruner's lock does it, and the others get `None`.
pub async fn prune(db: &Db, now: i64, events_before: i64) -> Result<Option<u64>, StoreError> {
    let deleted = on_db!(db, pool => {
        let mut transaction = pool.begin().await?;
        if let Db::Postgres(_) = db {
            let locked: bool = sqlx::query_scalar("SELECT pg_try_advisory_xact_lock($1)")
                .bind(PRUNER_LOCK)
                .fetch_one(&mut *transaction)
                .await?;
            if !locked {
                return Ok(None);
            }
            sqlx::query("DELETE FROM throttle_buckets WHERE updated_at < EXTRACT(EPOCH FROM clock_timestamp()) - 3600")
                .execute(&mut *transaction)
                .await?;
        }
        let sessions = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1 OR revoked_at IS NOT NULL")
            .bind(now)
            .execute(&mut *transaction)
            .await?
            .rows_affected();
        let events = sqlx::query("DELETE FROM events WHERE at < $1")
            .bind(events_before)
            .execute(&mut *transaction)
            .await?
            .rows_affected();
        let challenges = sqlx::query("DELETE FROM login_challenges WHERE expires_at <= $1")
            .bind(now)
            .execute(&mut *transaction)
            .await?
            .rows_affected()
            + sqlx::query("DELETE FROM webauthn_ceremonies WHERE expires_at <= $1")
                .bind(now)
                .execute(&mut *transaction)
                .await?
                .rows_affected();
        let tokens = sqlx::query("DELETE FROM email_tokens WHERE expires_at <= $1")
            .bind(now)
            .execute(&mut *transaction)
            .await?
            .rows_affected();
        // Sent (or given up) a week ago: nothing left to do with it.
        let mails = sqlx::query("DELETE FROM outbox WHERE (sent_at IS NOT NULL OR gave_up_at IS NOT NULL) AND created_at < $1")
            .bind(now - MAIL_KEPT_SECS)
            .execute(&mut *transaction)
            .await?
            .rows_affected();
        transaction.commit().await?;
        sessions + events + challenges + tokens + mails
    });
    Ok(Some(deleted))
}

fn unique_violation_is_email_taken(error: sqlx::Error) -> StoreError {
    match &error {
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::EmailTaken,
        _ => StoreError::Db(error),
    }
}
