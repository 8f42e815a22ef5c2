//! SQLite's write-ahead log copied back into the database file in the background, so that no
//! request waits for it.
//!
//! Left to itself, SQLite checkpoints inside the commit that takes the log past 1,000 pages:
//! that request copies every page written since the last checkpoint back into the database
//! file and waits for the file's `fsync`, tens of milliseconds on a large file whose pages lie
//! far apart (issue 34: disabling an account, p99 20.7 ms at 1,000 accounts and 36.6 ms at a
//! million). The server instead runs a passive checkpoint about once a second on its own
//! connection: it takes no lock a writer waits for, and readers keep reading. A commit still
//! checkpoints itself past [`BACKSTOP_PAGES`], should this task fall behind or not run (the
//! database opened by a program that does not serve), so the log stays bounded either way.

use std::time::Duration;

use super::Db;

/// A commit that takes the log past this many pages (40 MiB of 4 KiB pages) checkpoints
/// itself, as SQLite's default does at 1,000.
pub const BACKSTOP_PAGES: u32 = 10_000;

/// How often the server copies the log back.
pub const EVERY: Duration = Duration::from_secs(1);

/// Copies SQLite's log back into the database file every `every`, until the pool closes;
/// returns at once on PostgreSQL, which has its own checkpointer.
pub async fn run(db: Db, every: Duration) {
    let Db::Sqlite(pool) = db else { return };
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        if pool.is_closed() {
            return;
        }
        let started = std::time::Instant::now();
        // (busy, frames in the log, frames copied back): busy when another checkpoint runs.
        match sqlx::query_as::<_, (i64, i64, i64)>("PRAGMA wal_checkpoint(PASSIVE)").fetch_one(&pool).await {
            Ok((busy, logged, copied)) => {
                let millis = started.elapsed().as_secs_f64() * 1000.0;
                tracing::debug!(busy, logged, copied, millis, "copied the log back into the database file");
            }
            Err(_) if pool.is_closed() => return,
            Err(error) => tracing::warn!(%error, "cannot checkpoint the database's log; will try again"),
        }
    }
}
