//! Many connections at once against the real binary: a burst of distinct signups.

use std::collections::BTreeMap;

use futures::future::join_all;
use reqwest::Client;
use serde_json::json;

use crate::{one_at_a_time, running::RunningServer, PASSWORD};

fn tally(statuses: &[u16]) -> BTreeMap<u16, usize> {
    statuses.iter().fold(BTreeMap::new(), |mut counts, status| {
        *counts.entry(*status).or_default() += 1;
        counts
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_concurrent_signups_all_succeed_without_the_database_ever_locking() {
    let _turn = one_at_a_time().await;
    let dir = tempfile::tempdir().unwrap();
    let server = RunningServer::start(dir.path(), &[("THROTTLE_SIGNUPS_PER_ADDRESS", "100000")]);
    let client = Client::new();
    let answers = join_all((0..200).map(|n| {
        client
            .post(server.url("/auth/signup"))
            .json(&json!({ "email": format!("user{n}@example.com"), "username": format!("User {n}"), "password": PASSWORD }))
            .send()
    }))
    .await;
    let statuses: Vec<u16> =
        answers.into_iter().map(|r| r.expect("every request is answered").status().as_u16()).collect();
    println!("200 concurrent signups: {:?}", tally(&statuses));
    assert_eq!(tally(&statuses), BTreeMap::from([(200, 200)]));

    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}/latch.db", dir.path().display())).await.unwrap();
    let accounts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(&pool).await.unwrap();
    assert_eq!(accounts, 200);
    assert!(!server.log().contains("database is locked"), "{}", server.log());
}
