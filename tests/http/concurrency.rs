//! Under concurrency: racing signups, a burst of distinct signups, and more logins than the
//! cores can hash. Nothing answered 200 is lost, and nothing answers 5xx but a deliberate 503.
use std::collections::BTreeMap;

use crate::common::{spawn_app, spawn_app_with, PASSWORD};
use futures::future::join_all;
use reqwest::Client;
use serde_json::json;

fn tally(statuses: &[u16]) -> BTreeMap<u16, usize> {
    statuses.iter().fold(BTreeMap::new(), |mut counts, status| {
        *counts.entry(*status).or_default() += 1;
        counts
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_racing_signups_of_one_email_in_different_cases_make_exactly_one_account() {
    let app = spawn_app_with(&[("THROTTLE_SIGNUPS_PER_ADDRESS", "100000")]).await;
    let spellings: Vec<String> = (0..50)
        .map(|n| match n % 5 {
            0 => "race@example.com".to_owned(),
            1 => "RACE@example.com".to_owned(),
            2 => "  race@Example.COM".to_owned(),
            3 => "Race@Example.com  ".to_owned(),
            _ => "\trace@EXAMPLE.com".to_owned(),
        })
        .collect();
    let client = Client::new();
    let answers = join_all(spellings.iter().map(|email| {
        client
            .post(app.url("/auth/signup"))
            .json(&json!({ "email": email, "username": "Racer", "password": PASSWORD }))
            .send()
    }))
    .await;
    let statuses: Vec<u16> =
        answers.into_iter().map(|r| r.expect("every request is answered").status().as_u16()).collect();
    assert_eq!(tally(&statuses), BTreeMap::from([(200, 1), (400, 49)]), "one account, 49 duplicate answers, no 5xx");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn logins_past_the_hashing_queue_get_503_with_retry_after_while_other_routes_answer() {
    // Attempts in flight hold a throttle reservation until judged: lift the limits, so that
    // only the hashing queue can refuse.
    let app = spawn_app_with(&[
        ("HASH_QUEUE_LIMIT", "4"),
        ("THROTTLE_LOGIN_FAILURES_PER_ADDRESS", "100000"),
        ("THROTTLE_LOGIN_FAILURES_PER_ACCOUNT", "100000"),
    ])
    .await;
    app.signup("ada@example.com", "Ada", PASSWORD).await;
    let client = Client::new();
    let logins = join_all((0..40).map(|_| {
        client.post(app.url("/auth/login")).json(&json!({ "email": "ada@example.com", "password": PASSWORD })).send()
    }));
    let health = async {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        client.get(app.url("/healthz")).send().await.unwrap().status().as_u16()
    };
    let (answers, health) = tokio::join!(logins, health);
    assert_eq!(health, 200, "the health check answers during the storm");
    let mut statuses = Vec::new();
    for answer in answers {
        let answer = answer.expect("every request is answered");
        if answer.status() == 503 {
            assert_eq!(answer.headers()["retry-after"], "1");
        }
        statuses.push(answer.status().as_u16());
    }
    let counts = tally(&statuses);
    println!("40 logins against a queue of 4: {counts:?}");
    assert!(counts.get(&200).copied().unwrap_or(0) >= 4, "{counts:?}");
    assert!(counts.get(&503).copied().unwrap_or(0) >= 1, "{counts:?}");
    assert_eq!(counts.keys().filter(|s| ![200, 503].contains(*s)).count(), 0, "{counts:?}");
}

#[tokio::test]
async fn a_pool_that_cannot_hand_out_a_connection_answers_503_not_a_hang() {
    let app = spawn_app().await;
    // Hold every connection of the app's own pool.
    use latch::auth::server::store::Db;
    let held: Box<dyn std::any::Any> = match app.auth.db().clone() {
        Db::Sqlite(pool) => Box::new(hold_every_connection(pool).await),
        Db::Postgres(pool) => Box::new(hold_every_connection(pool).await),
    };
    let started = std::time::Instant::now();
    let response = app.login("ada@example.com", PASSWORD).await;
    assert_eq!(response.status(), 503);
    assert!(response.headers().contains_key("retry-after"));
    assert!(
        started.elapsed() < std::time::Duration::from_secs(10),
        "answered after the acquire timeout, not sqlx's 30 s"
    );
    drop(held);
}

/// Takes connections from `pool` until it has none left to give; they stay out of the pool
/// until what this returns is dropped.
async fn hold_every_connection<DB: sqlx::Database>(pool: sqlx::Pool<DB>) -> Vec<sqlx::pool::PoolConnection<DB>> {
    let mut held = Vec::new();
    while let Ok(Ok(connection)) = tokio::time::timeout(std::time::Duration::from_millis(200), pool.acquire()).await {
        held.push(connection);
    }
    held
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn right_password_logins_in_parallel_all_succeed_while_their_buckets_are_forgiven_and_remade() {
    // Each right password gives its reservation back and forgives the account's bucket for
    // the address, which the next login creates again: on PostgreSQL, rows deleted and
    // re-inserted under the feet of concurrent reservations.
    let app = spawn_app_with(&[("HASH_QUEUE_LIMIT", "1000")]).await;
    assert_eq!(app.signup("ada@example.com", "Ada", PASSWORD).await.status(), 200);
    let client = Client::new();
    let answers = join_all((0..8).map(|_| {
        let (client, url) = (client.clone(), app.url("/auth/login"));
        async move {
            let mut statuses = Vec::new();
            for _ in 0..8 {
                let body = json!({ "email": "ada@example.com", "password": PASSWORD });
                statuses.push(client.post(&url).json(&body).send().await.unwrap().status().as_u16());
            }
            statuses
        }
    }))
    .await;
    let statuses: Vec<u16> = answers.into_iter().flatten().collect();
    assert_eq!(tally(&statuses), BTreeMap::from([(200, 64)]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn once_a_password_change_answers_no_login_released_with_it_keeps_a_session() {
    const ROUNDS: usize = 20;
    const LOGINS: usize = 8;
    let lifted = [
        ("THROTTLE_LOGIN_FAILURES_PER_ADDRESS", "100000"),
        ("THROTTLE_LOGIN_FAILURES_PER_ACCOUNT", "100000"),
        ("THROTTLE_LOGIN_FAILURES_PER_ACCOUNT_CEILING", "100000"),
    ];
    let app = spawn_app_with(&lifted).await;
    app.signup("ada@example.com", "Ada", PASSWORD).await;
    let other = "another passphrase for ada";
    let client = Client::new();
    let login = |password: &'static str| {
        let request =
            client.post(app.url("/auth/login")).json(&json!({ "email": "ada@example.com", "password": password }));
        async move {
            let answer = request.send().await.unwrap();
            match answer.status().as_u16() {
                200 => {
                    Some(answer.json::<serde_json::Value>().await.unwrap()["access_token"].as_str().unwrap().to_owned())
                }
                _ => None,
            }
        }
    };
    let mut opened_in_race = 0;
    let mut alive_after_change = 0;
    for round in 0..ROUNDS {
        let (old, new) = if round % 2 == 0 { (PASSWORD, other) } else { (other, PASSWORD) };
        let changer = login(old).await.expect("the changer signs in");
        let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(LOGINS + 1));
        let racing = (0..LOGINS).map(|_| {
            let (barrier, attempt) = (barrier.clone(), login(old));
            async move {
                barrier.wait().await;
                attempt.await
            }
        });
        let change = async {
            barrier.wait().await;
            let body = json!({ "current_password": old, "new_password": new, "sign_out_others": true });
            client.post(app.url("/auth/password")).bearer_auth(&changer).json(&body).send().await.unwrap().status()
        };
        let (tokens, changed) = futures::join!(join_all(racing), change);
        assert_eq!(changed.as_u16(), 200, "round {round}");
        for token in tokens.into_iter().flatten() {
            opened_in_race += 1;
            let me = client.get(app.url("/auth/me")).bearer_auth(&token).send().await.unwrap();
            alive_after_change += usize::from(me.status().as_u16() == 200);
        }
    }
    println!("{} rounds of {LOGINS} logins with the old password released with the change: {opened_in_race} answered 200, {alive_after_change} still signed in after", ROUNDS);
    assert_eq!(alive_after_change, 0, "sessions of the old password alive after the change answered");
}
