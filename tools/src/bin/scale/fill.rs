//! The generator: an empty database migrated by Latch itself, then filled by set-based
//! `INSERT … SELECT` over a run of numbers (the same rows the store would write, a million at
//! a time instead of one), with the secondary indexes dropped during the load and built again
//! after it, as a bulk load does.

use std::time::Instant;

use super::connection::Conn;
use super::dialect::Dialect;
use super::rows::{Steady, USER_AGENT};
use super::shape::{Shape, DEAD_SESSIONS_PER_ACCOUNT, EVENTS_KEPT, EVENTS_PER_ACCOUNT, PASSWORD};

/// Creates and fills a database with `shape` at `url`, as of `now`. What it made, as JSON.
pub async fn fill(url: &str, shape: Shape, now: i64) -> Result<serde_json::Value, Box<dyn std::error::Error>> {
    let started = Instant::now();
    latch::web::db::open(url, 2).await?.close().await;
    let hash = password_hash().await?;
    let mut conn = Conn::for_loading(url).await?;
    let indexes = drop_secondary_indexes(&mut conn).await?;
    for statement in Steady::rows(conn.dialect(), shape, now, &hash) {
        conn.execute(&statement).await?;
    }
    let loaded = started.elapsed().as_secs_f64();
    for definition in &indexes {
        conn.execute(definition).await?;
    }
    finish(&mut conn).await?;
    let indexed = started.elapsed().as_secs_f64() - loaded;
    let bytes = size(&mut conn).await?;
    let rows = row_counts(&mut conn).await?;
    conn.close().await?;
    Ok(serde_json::json!({
        "accounts": shape.accounts, "load_seconds": loaded, "index_seconds": indexed,
        "seconds": started.elapsed().as_secs_f64(), "bytes": bytes,
        "bytes_per_account": bytes / shape.accounts, "rows": rows,
    }))
}

/// Adds what the pruner deletes on its next round, as of `now`: two expired sessions per
/// account (each within the last day) and a day of events just past their 90 days.
pub async fn add_dead_rows(url: &str, shape: Shape, now: i64) -> Result<serde_json::Value, Box<dyn std::error::Error>> {
    let started = Instant::now();
    let mut conn = Conn::open(url).await?;
    let d = conn.dialect();
    let n = shape.accounts;
    let sessions = d.insert_series(
        "sessions",
        "id, user_id, created_at, expires_at, user_agent",
        DEAD_SESSIONS_PER_ACCOUNT * n,
        // Expiring in the order they were made (one lifetime each), their ids and accounts
        // scattered as random ids and many accounts scatter them: each row the pruner deletes
        // is on its own page of the id and account indexes, as in a real table.
        &format!(
            "'d' || {}, (i * 7919) % {n} + 1, {now} - 86400 - 3600 + i * 86000 / {dead}, {now} - 86400 + i * 86000 / {dead}, '{USER_AGENT}'",
            d.padded("(i * 48271) % 2147483647", 21),
            dead = DEAD_SESSIONS_PER_ACCOUNT * n,
        ),
    ) + " WHERE true ON CONFLICT DO NOTHING";
    let events = d.insert_series(
        "events",
        "user_id, type, at, ip, user_agent",
        EVENTS_PER_ACCOUNT * n / 90,
        &format!("(i * 2654435761) % {n} + 1, 'login', {now} - {EVENTS_KEPT} - 60 - i % 86000, '198.51.100.' || (i % 250), '{USER_AGENT}'"),
    );
    let dead_sessions = conn.execute(&sessions).await?;
    let old_events = conn.execute(&events).await?;
    conn.close().await?;
    Ok(
        serde_json::json!({"dead_sessions": dead_sessions, "old_events": old_events, "seconds": started.elapsed().as_secs_f64()}),
    )
}

/// Every generated account's password hash: one real Argon2id hash of [`PASSWORD`].
async fn password_hash() -> Result<String, Box<dyn std::error::Error>> {
    use latch::auth::{server::password::Hasher, validate::Password};
    let hasher = Hasher::new(1, 1)?;
    let password = Password::parse(PASSWORD).map_err(|_| "the generator's password is refused")?;
    Ok(hasher.hash(password).await?.as_str().to_owned())
}

/// Drops every index that is not a key or a uniqueness rule; their definitions, to build
/// them again once the rows are in.
async fn drop_secondary_indexes(conn: &mut Conn) -> Result<Vec<String>, sqlx::Error> {
    let (list, drop) = match conn.dialect() {
        Dialect::Sqlite => (
            "SELECT name || char(9) || sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'",
            "DROP INDEX ",
        ),
        Dialect::Postgres => (
            "SELECT indexname || chr(9) || indexdef FROM pg_indexes WHERE schemaname = 'public' \
             AND indexname NOT IN (SELECT conname FROM pg_constraint) AND indexdef NOT LIKE 'CREATE UNIQUE%'",
            "DROP INDEX ",
        ),
    };
    let mut definitions = Vec::new();
    for line in conn.texts(list).await? {
        let (name, definition) = line.split_once('\t').unwrap_or((&line, ""));
        conn.execute(&format!("{drop}{name}")).await?;
        definitions.push(definition.to_owned());
    }
    Ok(definitions)
}

/// What a bulk load leaves to do: PostgreSQL's counters past the explicit ids and its
/// statistics; SQLite back in the write-ahead log Latch runs it in.
async fn finish(conn: &mut Conn) -> Result<(), sqlx::Error> {
    match conn.dialect() {
        Dialect::Sqlite => {
            conn.execute("PRAGMA journal_mode = WAL").await?;
        }
        Dialect::Postgres => {
            for table in ["users", "events", "outbox", "recovery_codes", "passkeys", "linked_identities"] {
                conn.execute(&format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
                ))
                .await?;
            }
            conn.execute("VACUUM ANALYZE").await?;
        }
    }
    Ok(())
}

/// The database's size on disk, in bytes.
pub async fn size(conn: &mut Conn) -> Result<i64, sqlx::Error> {
    conn.number(match conn.dialect() {
        Dialect::Sqlite => "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()",
        Dialect::Postgres => "SELECT pg_database_size(current_database())",
    })
    .await
}

async fn row_counts(conn: &mut Conn) -> Result<serde_json::Value, sqlx::Error> {
    let mut counts = serde_json::Map::new();
    for table in [
        "users",
        "sessions",
        "events",
        "outbox",
        "totp_factors",
        "recovery_codes",
        "passkeys",
        "linked_identities",
        "known_devices",
        "activity_days",
    ] {
        counts.insert(table.to_owned(), conn.number(&format!("SELECT count(*) FROM {table}")).await?.into());
    }
    Ok(counts.into())
}
