//! The query plans of the request paths' reads, on the generated database: each must find
//! its rows by an index, never by reading a whole table (SQLite's `SCAN t` without an index,
//! PostgreSQL's `Seq Scan` and `Parallel Seq Scan`). The statements are the store's, with
//! values in place of the parameters (their `WHERE` and `ORDER BY` decide the plan) and
//! `{bytes}` where the store compares text byte by byte (`COLLATE "C"` on PostgreSQL, which
//! its indexes for the console's search are built with). On PostgreSQL the benchmark
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
    ("console: search by address",
     "SELECT id, email FROM users u WHERE u.email{bytes} >= 'user1' AND u.email{bytes} < 'user2' AND u.email{bytes} > '' \
      ORDER BY u.email{bytes} LIMIT 26"),
    ("console: search by name",
     "SELECT id FROM users u WHERE lower(u.username{bytes}) >= 'user 1' AND lower(u.username{bytes}) < 'user 2' \
      AND (lower(u.username{bytes}), u.id) > ('', 0) ORDER BY lower(u.username{bytes}), u.id LIMIT 26"),
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
    let dialect = conn.dialect();
    let bytes = if dialect == Dialect::Postgres { " COLLATE \"C\"" } else { "" };
    for (what, sql) in READS {
        let plan = conn.plan(&sql.replace("{bytes}", bytes)).await?;
        let mut scans = false;
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
    // A step of a plan, its arrow and indentation gone; a parallel scan reads the whole table
    // too, its workers a part each.
    let step = step.trim_start_matches([' ', '-', '>']).trim_start_matches("Parallel ");
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_whole_table_read_is_found_in_either_dialect_and_an_index_walk_is_not() {
        let sqlite = |step| table_read_whole(Dialect::Sqlite, step);
        let postgres = |step| table_read_whole(Dialect::Postgres, step);
        assert_eq!(sqlite("SCAN u").as_deref(), Some("users"));
        assert_eq!(sqlite("SCAN events USING INDEX events_by_user"), None);
        assert_eq!(sqlite("SEARCH events USING INDEX events_by_user (user_id=?)"), None);
        assert_eq!(
            postgres("->  Seq Scan on events  (cost=0.00..3972.07 rows=8532 width=4)").as_deref(),
            Some("events")
        );
        assert_eq!(
            postgres("        ->  Parallel Seq Scan on users u  (cost=0.00..40039.88 rows=695 width=40)").as_deref(),
            Some("users")
        );
        assert_eq!(
            postgres("->  Parallel Bitmap Heap Scan on events  (cost=2335.65..353769.93 rows=130 width=4)"),
            None
        );
        assert_eq!(postgres("->  Index Scan using users_by_username on users u  (cost=0.42..78104.75)"), None);
    }
}
