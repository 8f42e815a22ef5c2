//! The query plans of the request paths' reads, on the generated database: each must find
//! its rows by an index, never by reading a whole table (SQLite's `SCAN t` without an index,
//! PostgreSQL's `Seq Scan`). The statements are the store's, with values in place of the
//! parameters (their `WHERE` and `ORDER BY` decide the plan). On PostgreSQL the benchmark
//! also counts every sequential scan the measured requests really made
//! (`operator::sequential_scans`), which covers what this list does not name.

use super::connection::Conn;
use super::dialect::Dialect;

/// (what it serves, the statement).
const READS: &[(&str, &str)] = &[
    ("a session's account (every signed-in request)",
     "SELECT u.id, (SELECT string_agg(r.role, ' ') FROM account_roles r WHERE r.user_id = u.id) FROM sessions s JOIN users u ON u.id = s.user_id \
      WHERE s.id = '0000000000000000000042' AND s.user_id = 42 AND s.revoked_at IS NULL AND s.expires_at > 0 AND u.disabled_at IS NULL"),
    ("login: the account by address", "SELECT id, password_hash FROM users u WHERE email = 'user42@example.com'"),
    ("the account by id", "SELECT id FROM users u WHERE id = 42"),
    ("history: a page", "SELECT id, type, at, ip, user_agent, detail FROM events WHERE user_id = 2 AND id < 9000000000000000000 ORDER BY id DESC LIMIT 50"),
    ("history: the cut past 1,000 per account", "SELECT id FROM events WHERE user_id = 2 ORDER BY id DESC LIMIT 1 OFFSET 1000"),
    ("guessing notice: the failures since", "SELECT ip FROM events WHERE user_id = 2 AND type = 'login_failed' AND at > 0 ORDER BY id DESC LIMIT 1000"),
    ("throttled: one event every few minutes", "SELECT 1 FROM events WHERE user_id = 2 AND type = 'throttled' AND at > 0"),
    ("the account's live sessions",
     "SELECT id, created_at, last_seen_at, user_agent FROM sessions WHERE user_id = 42 AND revoked_at IS NULL AND expires_at > 0 ORDER BY created_at DESC"),
    ("the account's devices", "SELECT kind, user_agent, network, first_seen_at, last_seen_at FROM known_devices WHERE user_id = 42"),
    ("a device seen before", "SELECT last_seen_at FROM known_devices WHERE user_id = 42 AND device_hash = '0000000000000000000000000000000000000000000000000000000000000042'"),
    ("the account's passkeys", "SELECT id, name FROM passkeys WHERE user_id = 45"),
    ("the account's providers", "SELECT id, provider FROM linked_identities WHERE user_id = 43"),
    ("the account's recovery codes", "SELECT COUNT(*) FROM recovery_codes WHERE user_id = 40 AND used_at IS NULL"),
    ("a provider's sign-in", "SELECT user_id FROM linked_identities WHERE issuer = 'https://id.example.com' AND subject = 'subject-43'"),
    ("console: search by address", "SELECT id, email FROM users u WHERE u.email >= 'user1' AND u.email < 'user2' AND u.email > '' ORDER BY u.email LIMIT 26"),
    ("console: search by name",
     "SELECT id FROM users u WHERE lower(u.username) >= 'user 1' AND lower(u.username) < 'user 2' AND (lower(u.username), u.id) > ('', 0) \
      ORDER BY lower(u.username), u.id LIMIT 26"),
    ("console: activity", "SELECT day, kind, count FROM activity_days WHERE day >= 0 ORDER BY day"),
    ("outbox: the next mail due", "SELECT id FROM outbox WHERE sent_at IS NULL AND gave_up_at IS NULL AND next_attempt_at <= 0 LIMIT 1"),
    ("a mailed link", "SELECT user_id FROM email_tokens WHERE lookup = '0123456789abcdef'"),
];

/// Each read's plan, and whether it reads a whole table of more than 1,000 rows (reading a
/// ten-row table whole is the planner's right choice; PostgreSQL makes it on small tables).
pub async fn check(database_url: &str) -> Result<serde_json::Value, sqlx::Error> {
    let mut conn = Conn::open(database_url).await?;
    let mut reads = Vec::new();
    let mut whole = 0;
    for (what, sql) in READS {
        let plan = conn.plan(sql).await?;
        let mut scans = false;
        let dialect = conn.dialect();
        for table in plan.iter().filter_map(|step| table_read_whole(dialect, step)) {
            let rows =
                conn.number(&format!("SELECT COUNT(*) FROM (SELECT 1 FROM {table} LIMIT 1001) AS first_rows")).await?;
            scans |= rows > 1_000;
        }
        whole += usize::from(scans);
        reads.push(serde_json::json!({"read": what, "whole_table": scans, "plan": plan.join(" / ")}));
    }
    conn.close().await?;
    Ok(serde_json::json!({"name": "query plans", "reads": reads, "whole_table_reads": whole}))
}

/// The table a plan's step reads whole, if it does.
fn table_read_whole(dialect: Dialect, step: &str) -> Option<String> {
    let step = step.trim_start_matches([' ', '-', '>']);
    let name = match dialect {
        // `SCAN t USING INDEX i` walks an index in order (a bounded LIMIT read); a bare
        // `SCAN t` reads the table.
        Dialect::Sqlite if step.starts_with("SCAN ") && !step.contains(" INDEX ") && !step.contains("CONSTANT ROW") => {
            step.split_whitespace().nth(1)?
        }
        Dialect::Postgres if step.starts_with("Seq Scan on ") => step.split_whitespace().nth(3)?,
        _ => return None,
    };
    // The statements' aliases.
    Some(
        match name {
            "u" => "users",
            "s" => "sessions",
            "r" => "account_roles",
            table => table,
        }
        .to_owned(),
    )
}
