//! The generator: an empty database migrated by Latch itself, then filled by set-based
//! `INSERT … SELECT` over a run of numbers (the same rows the store would write, a million at
//! a time instead of one), with the secondary indexes dropped during the load and built again
//! after it, as a bulk load does.

use std::time::Instant;

use super::connection::Conn;
use super::dialect::Dialect;
use super::shape::{
    rule, Shape, ATTACKED_EVENTS, DEAD_SESSIONS_PER_ACCOUNT, EVENTS_KEPT, EVENTS_PER_ACCOUNT, MAILS_PER_ACCOUNT,
    PASSWORD,
};

/// A browser's user agent, as long as real ones are.
const USER_AGENT: &str =
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
/// A sent mail's bodies, about the size of Latch's own notices.
const TEXT_BODY: &str = "Hello,\n\nSomeone signed in to your Latch account from a new device: Chrome on Windows, from the network 198.51.100.0/24, at 14:02 UTC.\n\nIf this was you, there is nothing to do. If it was not, open the link below: it ends every session and asks you to choose a new password.\n\nhttps://latch.example.com/not-me/";
const HTML_BODY: &str = "<!doctype html><html lang=\"en\"><body style=\"font-family:sans-serif;color:#1a1a1a\"><p>Hello,</p><p>Someone signed in to your Latch account from a new device: <strong>Chrome on Windows</strong>, from the network 198.51.100.0/24, at 14:02 UTC.</p><p>If this was you, there is nothing to do. If it was not, press the button below: it ends every session and asks you to choose a new password.</p><p><a href=\"https://latch.example.com/not-me/\" style=\"background:#2450c8;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none\">This was not me</a></p></body></html>";

/// Creates and fills a database with `shape` at `url`, as of `now`. What it made, as JSON.
pub async fn fill(url: &str, shape: Shape, now: i64) -> Result<serde_json::Value, Box<dyn std::error::Error>> {
    let started = Instant::now();
    latch::web::db::open(url, 2).await?.close().await;
    let hash = password_hash().await?;
    let mut conn = Conn::for_loading(url).await?;
    let indexes = drop_secondary_indexes(&mut conn).await?;
    for statement in steady_rows(conn.dialect(), shape, now, &hash) {
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

/// The rows of a database at rest: accounts, their live sessions, 90 days of events, a week
/// of mail, second factors, passkeys, providers and devices.
fn steady_rows(d: Dialect, shape: Shape, now: i64, hash: &str) -> Vec<String> {
    let n = shape.accounts;
    let joined = format!("({now} - 400 * 86400 + i * {})", 395 * 86_400 / n);
    let regular_events = EVENTS_PER_ACCOUNT * n;
    let attacked_events = ATTACKED_EVENTS * shape.attacked();
    let mails = MAILS_PER_ACCOUNT * n;
    let mailed = format!("({now} - 6 * 86400 + i * {} / {mails})", 6 * 86_400);
    let recipient = format!("((i * 7) % {n} + 1)");
    let owner_of_code = "((i - 1) / 10 + 1)";
    vec![
        d.insert_series(
            "users",
            "id, email, username, password_hash, created_at, email_verified_at, language, last_sign_in_at",
            n,
            &format!(
                "i, 'user' || i || '@example.com', 'User ' || i, '{hash}', {joined}, \
                 CASE WHEN i % 10 <> 9 THEN {joined} + 600 END, CASE WHEN i % 3 = 0 THEN 'ko' ELSE 'en' END, \
                 {now} - (i * 7919) % (30 * 86400)"
            ),
        ),
        d.insert_series(
            "sessions",
            "id, user_id, created_at, expires_at, user_agent, last_seen_at",
            n,
            &format!("{}, i, {now} - (i % 7) * 86400 - 3600, {now} + 30 * 86400, '{USER_AGENT}', {now} - i % 3600", d.padded("i", 22)),
        ),
        // In time order, as they were written: ids grow with `at`.
        d.insert_series(
            "events",
            "user_id, type, at, ip, user_agent",
            regular_events,
            &format!(
                "(i * 2654435761) % {n} + 1, CASE i % 10 WHEN 0 THEN 'login_failed' WHEN 1 THEN 'new_device' \
                 WHEN 2 THEN 'logout' WHEN 3 THEN 'session_revoked' WHEN 4 THEN 'reauthenticated' ELSE 'login' END, \
                 {now} - {EVENTS_KEPT} + 3600 + i * ({EVENTS_KEPT} - 7200) / {regular_events}, '198.51.100.' || (i % 250), '{USER_AGENT}'"
            ),
        ),
        d.insert_series(
            "events",
            "user_id, type, at, ip, user_agent",
            attacked_events,
            &format!(
                "{} + (i - 1) % {}, CASE WHEN i % 10 = 0 THEN 'throttled' ELSE 'login_failed' END, \
                 {now} - {EVENTS_KEPT} + 3600 + i * ({EVENTS_KEPT} - 7200) / {attacked_events}, '203.0.113.' || (i % 250), 'python-requests/2.32.3'",
                Shape::ADMIN + 1,
                shape.attacked()
            ),
        ),
        d.insert_series(
            "outbox",
            "kind, recipient, subject, text_body, html_body, created_at, attempts, next_attempt_at, sent_at, gave_up_at, last_error, user_id",
            mails,
            &format!(
                "CASE i % 3 WHEN 0 THEN 'verify_email' WHEN 1 THEN 'new_device' ELSE 'password_reset' END, \
                 'user' || {recipient} || '@example.com', 'Sign-in from a new device', '{TEXT_BODY}' || i, '{HTML_BODY}' || i, \
                 {mailed}, 1, {mailed}, CASE WHEN i % 100 <> 0 THEN {mailed} + 2 END, CASE WHEN i % 100 = 0 THEN {mailed} + 2 END, \
                 CASE WHEN i % 100 = 0 THEN '550 5.1.1 mailbox unavailable' END, {recipient}"
            ),
        ),
        d.insert_series(
            "totp_factors",
            "user_id, secret_sealed, created_at, enabled_at, last_step",
            n,
            &format!("i, 'v1.' || {}, {joined} + 3600, {joined} + 3660, 0", d.padded("i * 7919", 96)),
        ) + &format!(" WHERE {}", rule::totp("i")),
        d.insert_series(
            "recovery_codes",
            "user_id, code_hash",
            10 * n,
            &format!("{owner_of_code}, {}", d.padded("i", 64)),
        ) + &format!(" WHERE {}", rule::totp(owner_of_code)),
        d.insert_series("webauthn_users", "user_id, handle", n, &format!("i, {}", d.padded("i", 36)))
            + &format!(" WHERE {}", rule::passkey("i")),
        d.insert_series(
            "passkeys",
            "user_id, credential_id, name, credential, created_at, last_used_at",
            n,
            &format!(
                "i, 'cred-' || {}, 'Phone', '{{\"cred\":{{\"type\":\"ES256\",\"key\":\"' || {} || '\"}}}}', {joined} + 7200, {now} - i % 86400",
                d.padded("i", 40),
                d.padded("i * 31", 400)
            ),
        ) + &format!(" WHERE {}", rule::passkey("i")),
        d.insert_series(
            "linked_identities",
            "user_id, provider, issuer, subject, email, linked_at, last_used_at",
            n,
            &format!("i, 'oidc', 'https://id.example.com', 'subject-' || i, 'user' || i || '@example.com', {joined} + 60, {now} - i % 86400"),
        ) + &format!(" WHERE {}", rule::provider("i")),
        d.insert_series(
            "known_devices",
            "user_id, device_hash, kind, user_agent, network, first_seen_at, last_seen_at",
            n,
            &format!(
                "i, {}, 'browser', '{USER_AGENT}', '198.51.100.0/24', {now} - (i % 300) * 86400 - 86400, {now} - (i % 300) * 86400",
                d.padded("i", 64)
            ),
        ),
        format!("INSERT INTO account_roles (user_id, role, granted_at) VALUES ({}, 'admin', {now})", Shape::ADMIN),
    ]
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
    ] {
        counts.insert(table.to_owned(), conn.number(&format!("SELECT count(*) FROM {table}")).await?.into());
    }
    Ok(counts.into())
}
