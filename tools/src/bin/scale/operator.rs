//! What an operator runs and waits for: the server's start, a migration that adds a column to
//! `users`, and `latch users list`, first page and a deep one.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::connection::Conn;

/// The server under test, started by the benchmark with its settings.
pub struct Server {
    pub child: Child,
    pub log: std::path::PathBuf,
}

/// The settings every run of the server gets: loopback, the generated database, the
/// benchmark's secret, every throttle lifted (the probes sign in from one address), the
/// pruner's message in the log and nothing else.
pub fn server_command(latch: &Path, site: &Path, database_url: &str, secret: &str, port: u16) -> Command {
    let mut command = Command::new(latch);
    command
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("LEPTOS_SITE_ROOT", site)
        .env("DATABASE_URL", database_url)
        .env("JWT_SECRET", secret)
        .env("METRICS_ADDR", format!("127.0.0.1:{}", port + 1))
        .env("RUST_LOG", "warn,latch::server::startup=info,latch::web::db::checkpoints=debug")
        .env("THROTTLE_SIGNUPS_PER_ADDRESS", "1000000")
        .env("THROTTLE_LOGIN_FAILURES_PER_ADDRESS", "1000000")
        .env("THROTTLE_LOGIN_FAILURES_PER_ACCOUNT", "1000000")
        .env("THROTTLE_LOGIN_FAILURES_PER_ACCOUNT_CEILING", "1000000")
        .stdin(Stdio::null());
    command
}

impl Server {
    pub fn start(mut command: Command, log: &Path) -> std::io::Result<Self> {
        let file = std::fs::File::create(log)?;
        let child = command.stdout(file.try_clone()?).stderr(file).spawn()?;
        Ok(Self { child, log: log.to_owned() })
    }

    /// Waits for `/healthz` to answer 200; how long the process took to get there.
    pub async fn ready(&mut self, base: &str, started: Instant) -> Result<Duration, String> {
        let client = reqwest::Client::new();
        while started.elapsed() < Duration::from_secs(600) {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!("the server stopped ({status}); its log: {}", self.log.display()));
            }
            if client.get(format!("{base}/healthz")).send().await.is_ok_and(|answer| answer.status().is_success()) {
                return Ok(started.elapsed());
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        Err("the server did not answer in 10 minutes".into())
    }

    /// SIGTERM, and wait for the process to end.
    pub fn stop(mut self) {
        let _ = Command::new("kill").arg(self.child.id().to_string()).status();
        let _ = self.child.wait();
    }
}

/// `latch users list`, its first page and a page near the end: the median of 9 runs each (a
/// process each: its start is most of the time).
pub fn users_list(latch: &Path, database_url: &str, accounts: i64) -> Vec<serde_json::Value> {
    let deep = (accounts - 200).max(0).to_string();
    [
        ("latch users list (first 100)", vec![]),
        ("latch users list --after (last pages)", vec!["--after", deep.as_str()]),
    ]
    .into_iter()
    .map(|(name, extra)| {
        let mut millis: Vec<f64> = (0..9)
            .map(|_| {
                let started = Instant::now();
                let ran = Command::new(latch)
                    .args(["users", "list", "--limit", "100"])
                    .args(&extra)
                    .env("DATABASE_URL", database_url)
                    .stdout(Stdio::null())
                    .status()
                    .is_ok_and(|status| status.success());
                if ran {
                    started.elapsed().as_secs_f64() * 1e3
                } else {
                    f64::NAN
                }
            })
            .collect();
        millis.sort_by(f64::total_cmp);
        serde_json::json!({"name": name, "p50_ms": millis[4], "p99_ms": millis[8], "requests": 9})
    })
    .collect()
}

/// A migration's cost on this database: adding a column to `users`, timed inside a
/// transaction that is then rolled back (both databases change their schema in a
/// transaction), so the cached database stays as generated.
pub async fn add_column(database_url: &str) -> Result<Vec<serde_json::Value>, sqlx::Error> {
    let mut conn = Conn::open(database_url).await?;
    conn.execute("BEGIN").await?;
    let started = Instant::now();
    // As Latch's own migrations add columns: nullable, with a CHECK (which both databases
    // verify against every row already there).
    conn.execute("ALTER TABLE users ADD COLUMN nickname TEXT CHECK (nickname IS NULL OR length(nickname) <= 64)")
        .await?;
    let checked = started.elapsed().as_secs_f64() * 1e3;
    conn.execute("ROLLBACK").await?;
    // The same column without the CHECK: only the schema changes.
    conn.execute("BEGIN").await?;
    let started = Instant::now();
    conn.execute("ALTER TABLE users ADD COLUMN nickname TEXT").await?;
    let bare = started.elapsed().as_secs_f64() * 1e3;
    conn.execute("ROLLBACK").await?;
    conn.close().await?;
    Ok(vec![
        serde_json::json!({"name": "migration: a column with a CHECK added to users", "p50_ms": checked, "p99_ms": checked, "requests": 1}),
        serde_json::json!({"name": "migration: a column without a CHECK added to users", "p50_ms": bare, "p99_ms": bare, "requests": 1}),
    ])
}

/// PostgreSQL only: forgets its per-table counts of sequential scans, so that
/// [`sequential_scans`] counts those of the requests measured after.
pub async fn forget_scans(database_url: &str) -> Result<(), sqlx::Error> {
    let mut conn = Conn::open(database_url).await?;
    if conn.dialect() == super::dialect::Dialect::Postgres {
        conn.execute("SELECT pg_stat_reset()").await?;
    }
    conn.close().await
}

/// PostgreSQL only: every table read whole since [`forget_scans`] with the rows so read, for
/// tables large enough to matter (a scan of a ten-row table is the planner's right choice).
/// PostgreSQL's statistics arrive within a second or so of the statement: read after a pause.
pub async fn sequential_scans(database_url: &str) -> Result<Option<serde_json::Value>, sqlx::Error> {
    let mut conn = Conn::open(database_url).await?;
    if conn.dialect() != super::dialect::Dialect::Postgres {
        conn.close().await?;
        return Ok(None);
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let scans = conn
        .texts(
            "SELECT s.relname || ': ' || s.seq_scan || ' scans, ' || s.seq_tup_read || ' rows read' \
             FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid \
             WHERE s.seq_tup_read > 0 AND c.reltuples > 1000 ORDER BY s.seq_tup_read DESC",
        )
        .await?;
    conn.close().await?;
    Ok(Some(
        serde_json::json!({"name": "sequential scans of tables over 1,000 rows during the probes", "tables": scans}),
    ))
}
