//! SQLite's log is copied back into the database file by the server's background task, not by
//! the commit of whichever request took the log past SQLite's default 1,000 pages: a commit
//! leaves its pages in the log, and the task puts them in the file without a request waiting.

use std::{path::Path, time::Duration};

use latch::web::db::{self, checkpoints};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};

/// How many accounts with `email` the database *file* holds on its own, without its log: a copy
/// of the file alone, opened as immutable so that SQLite looks for no log beside it. While
/// even the migrations' tables are only in the log, it holds none.
async fn in_the_file_alone(database: &Path, email: &str) -> i64 {
    let copy = tempfile::tempdir().unwrap();
    let path = copy.path().join("copy.db");
    std::fs::copy(database, &path).unwrap();
    let options = SqliteConnectOptions::new().filename(&path).immutable(true).read_only(true);
    let pool = SqlitePoolOptions::new().max_connections(1).connect_with(options).await.unwrap();
    let tables: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM sqlite_master WHERE name = 'users'").fetch_one(&pool).await.unwrap();
    let count = match tables {
        0 => 0,
        _ => sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE email = $1")
            .bind(email)
            .fetch_one(&pool)
            .await
            .unwrap(),
    };
    pool.close().await;
    count
}

/// Whether the account with `email` reaches the database file alone within 5 s.
async fn reaches_the_file(database: &Path, email: &str) -> bool {
    for _ in 0..50 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        if in_the_file_alone(database, email).await == 1 {
            return true;
        }
    }
    false
}

#[tokio::test]
async fn a_commit_leaves_its_pages_in_the_log_and_the_background_task_copies_them_back() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("latch.db");
    let db = db::open(&format!("sqlite://{}", database.display()), 2).await.unwrap();
    let latch::web::db::Db::Sqlite(pool) = &db else { unreachable!() };
    let backstop: i64 = sqlx::query_scalar("PRAGMA wal_autocheckpoint").fetch_one(pool).await.unwrap();
    assert_eq!(backstop, i64::from(checkpoints::BACKSTOP_PAGES), "a commit checkpoints only past the backstop");

    let signed_up = "INSERT INTO users (email, username, password_hash, created_at) VALUES ($1, $2, 'x', 0)";
    sqlx::query(signed_up).bind("ada@example.com").bind("Ada").execute(pool).await.unwrap();
    assert_eq!(in_the_file_alone(&database, "ada@example.com").await, 0, "the commit did not checkpoint");

    let task = tokio::spawn(checkpoints::run(db.clone(), Duration::from_millis(100)));
    assert!(
        reaches_the_file(&database, "ada@example.com").await,
        "the background task copied the log back into the file within 5 s"
    );
    task.abort();
    db.close().await;
}

#[tokio::test]
async fn the_task_ends_when_the_pool_closes() {
    let dir = tempfile::tempdir().unwrap();
    let db = db::open(&format!("sqlite://{}/latch.db", dir.path().display()), 2).await.unwrap();
    let task = tokio::spawn(checkpoints::run(db.clone(), Duration::from_millis(20)));
    tokio::time::sleep(Duration::from_millis(100)).await;
    db.close().await;
    let ended = tokio::time::timeout(Duration::from_secs(5), task).await;
    assert!(ended.is_ok_and(|joined| joined.is_ok()), "the task returned once the pool closed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_copies_a_signup_into_the_database_file_within_seconds() {
    let _turn = crate::one_at_a_time().await;
    let dir = tempfile::tempdir().unwrap();
    let server = crate::running::RunningServer::start(dir.path(), &[]);
    let body = serde_json::json!({ "email": "ada@example.com", "username": "Ada", "password": crate::PASSWORD });
    let answer = reqwest::Client::new().post(server.url("/auth/signup")).json(&body).send().await.unwrap();
    assert_eq!(answer.status(), reqwest::StatusCode::OK);
    assert!(
        reaches_the_file(&dir.path().join("latch.db"), "ada@example.com").await,
        "the serving process checkpoints in the background (about once a second)"
    );
}
