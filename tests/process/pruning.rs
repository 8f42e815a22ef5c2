//! The pruner deletes in batches, each its own short statement: every dead row goes, the
//! living stay, and a writer waiting for the database gets in between batches instead of
//! after the whole round (a round that held one transaction kept SQLite's write lock for
//! minutes on a large backlog: issue 34's first measurement).

use std::time::{Duration, Instant};

use latch::{
    auth::server::store::{self, prune::prune_in_batches, Db},
    web::db,
};

use crate::postgres::ThrowawayPostgres;

/// `sessions` expired, revoked and live, `events` old and recent, for account 1, and the
/// activity chart's counts of an old day and a recent one.
async fn backlog(db: &Db, expired: i64, old_events: i64) {
    let sql = format!(
        "INSERT INTO users (id, email, username, password_hash, created_at) VALUES (1, 'ada@example.com', 'Ada', 'x', 0);
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {expired})
         INSERT INTO sessions (id, user_id, created_at, expires_at) SELECT 'dead-' || i, 1, 0, 50 FROM n;
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 7)
         INSERT INTO sessions (id, user_id, created_at, expires_at, revoked_at) SELECT 'revoked-' || i, 1, 0, 9999999999, 5 FROM n;
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 11)
         INSERT INTO sessions (id, user_id, created_at, expires_at) SELECT 'live-' || i, 1, 0, 9999999999 FROM n;
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {old_events})
         INSERT INTO events (user_id, type, at) SELECT 1, 'login', 10 FROM n;
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5)
         INSERT INTO events (user_id, type, at) SELECT 1, 'login', 1000 FROM n;
         INSERT INTO activity_days (day, kind, count) VALUES (0, 'login', 3), (0, 'signup', 1), (86400, 'login', 2);"
    );
    latch::on_db!(db, pool => sqlx::raw_sql(&sql).execute(pool).await.map(|_| ())).unwrap();
}

async fn count(db: &Db, sql: &str) -> i64 {
    latch::on_db!(db, pool => sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await).unwrap()
}

async fn every_dead_row_goes_and_the_living_stay(db: &Db) {
    backlog(db, 2_345, 1_234).await;
    let deleted = prune_in_batches(db, 100, 500, 100).await.unwrap();
    assert_eq!(deleted, Some(2_345 + 7 + 1_234 + 2));
    assert_eq!(count(db, "SELECT COUNT(*) FROM sessions").await, 11);
    assert_eq!(count(db, "SELECT COUNT(*) FROM sessions WHERE id LIKE 'live-%'").await, 11);
    assert_eq!(count(db, "SELECT COUNT(*) FROM events").await, 5);
    assert_eq!(count(db, "SELECT COUNT(*) FROM activity_days").await, 1, "the counts live as long as the events");
    assert_eq!(prune_in_batches(db, 100, 500, 100).await.unwrap(), Some(0), "nothing left");
}

#[tokio::test]
async fn a_round_deletes_every_dead_row_in_batches_and_keeps_the_living() {
    let _turn = crate::one_at_a_time().await;
    let dir = tempfile::tempdir().unwrap();
    let sqlite = db::open(&format!("sqlite://{}/latch.db", dir.path().display()), 2).await.unwrap();
    every_dead_row_goes_and_the_living_stay(&sqlite).await;
    let postgres = ThrowawayPostgres::start();
    let pg = db::open(&postgres.new_database("latch"), 2).await.unwrap();
    every_dead_row_goes_and_the_living_stay(&pg).await;
}

#[tokio::test]
async fn a_writer_gets_in_between_batches_not_after_the_round() {
    let _turn = crate::one_at_a_time().await;
    let dir = tempfile::tempdir().unwrap();
    let db = db::open(&format!("sqlite://{}/latch.db", dir.path().display()), 4).await.unwrap();
    backlog(&db, 500_000, 100_000).await;
    let round = {
        let db = db.clone();
        tokio::spawn(async move {
            let started = Instant::now();
            store::prune(&db, 100, 500).await.unwrap();
            started.elapsed()
        })
    };
    // A sign-in's write while the round is under way (its first statements start at once).
    tokio::time::sleep(Duration::from_millis(100)).await;
    let asked = Instant::now();
    let signed_in = "INSERT INTO sessions (id, user_id, created_at, expires_at) VALUES ('signed-in', 1, 0, 9999999999)";
    latch::on_db!(&db, pool => sqlx::query(signed_in).execute(pool).await.map(drop)).unwrap();
    let waited = asked.elapsed();
    let round_took = round.await.unwrap();
    let left = count(&db, "SELECT COUNT(*) FROM sessions").await;
    assert_eq!(left, 12, "the round finished, the new session kept");
    // The write waited for one batch, not for the rest of the round (which had most of its
    // 600,000 rows ahead of it), nor for a whole table's statement.
    eprintln!("the write waited {waited:?}; the round took {round_took:?}");
    assert!(waited * 5 < round_took, "the write waited {waited:?}; the round took {round_took:?}");
}
