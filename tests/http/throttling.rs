//! Throttling against a crowd: guesses released together (a barrier), an attacker rotating
//! through one IPv6 /64, and a guesser trying to lock an owner out from elsewhere.

use std::{collections::BTreeMap, sync::Arc};

use reqwest::Client;
use serde_json::json;
use tokio::sync::Barrier;

use crate::common::{spawn_app_with, TestApp, PASSWORD};

/// Sends every `(email, password, forwarded_for)` at once, released by one barrier, and
/// counts the answers by status.
async fn released_together(app: &TestApp, attempts: Vec<(String, &'static str, &'static str)>) -> BTreeMap<u16, usize> {
    let barrier = Arc::new(Barrier::new(attempts.len()));
    let client = Client::new();
    let sends = attempts.into_iter().map(|(email, password, forwarded_for)| {
        let (barrier, client, url) = (barrier.clone(), client.clone(), app.url("/auth/login"));
        tokio::spawn(async move {
            barrier.wait().await;
            let request = client.post(url).header("x-forwarded-for", forwarded_for);
            request.json(&json!({ "email": email, "password": password })).send().await.unwrap().status().as_u16()
        })
    });
    let mut counts = BTreeMap::new();
    for send in sends.collect::<Vec<_>>() {
        *counts.entry(send.await.unwrap()).or_default() += 1;
    }
    counts
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_wrong_passwords_released_together_get_only_the_accounts_burst_of_verdicts() {
    // Defaults: 100 failures an hour for one account from one address, a burst of 10.
    let app = spawn_app_with(&[]).await;
    app.signup("ada@example.com", "Ada", PASSWORD).await;
    let attempts = (0..50).map(|_| ("ada@example.com".to_owned(), "wrong password!!", "")).collect();
    let counts = released_together(&app, attempts).await;
    println!("50 concurrent wrong passwords for one account: {counts:?}");
    assert_eq!(counts.get(&401), Some(&10), "{counts:?}");
    assert_eq!(counts.get(&429), Some(&40), "{counts:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_guesses_at_fifty_accounts_released_together_get_only_the_addresses_burst() {
    let app = spawn_app_with(&[("THROTTLE_LOGIN_FAILURES_PER_ADDRESS", "30")]).await;
    let attempts = (0..50).map(|i| (format!("user{i}@example.com"), "wrong password!!", "")).collect();
    let counts = released_together(&app, attempts).await;
    println!("50 concurrent guesses from one address: {counts:?}");
    assert_eq!(counts.get(&401), Some(&3), "{counts:?}");
    assert_eq!(counts.get(&429), Some(&47), "{counts:?}");
}

#[tokio::test]
async fn every_address_of_one_ipv6_64_shares_one_bucket_and_another_64_does_not() {
    let app = spawn_app_with(&[("TRUST_PROXY", "true"), ("THROTTLE_LOGIN_FAILURES_PER_ADDRESS", "30")]).await;
    let guess = |address: &'static str, n: usize| {
        let request = Client::new().post(app.url("/auth/login")).header("x-forwarded-for", address);
        request.json(&json!({ "email": format!("user{n}@example.com"), "password": "wrong password!!" })).send()
    };
    let rotating = ["2001:db8:1:2::1", "2001:db8:1:2::2", "2001:db8:1:2:ffff::3", "2001:db8:1:2::4"];
    let mut statuses = Vec::new();
    for (n, address) in rotating.into_iter().enumerate() {
        statuses.push(guess(address, n).await.unwrap().status().as_u16());
    }
    assert_eq!(statuses, [401, 401, 401, 429], "a new address in the same /64 is the same client");
    assert_eq!(guess("2001:db8:1:3::1", 9).await.unwrap().status(), 401, "the next /64 is another client");
    // IPv4-mapped IPv6 counts as the IPv4 address.
    for _ in 0..3 {
        assert_eq!(guess("203.0.113.7", 10).await.unwrap().status(), 401);
    }
    assert_eq!(guess("::ffff:203.0.113.7", 11).await.unwrap().status(), 429);
}

#[tokio::test]
async fn a_guesser_who_exhausts_an_account_from_one_address_cannot_lock_the_owner_out_from_another() {
    let app = spawn_app_with(&[("TRUST_PROXY", "true")]).await;
    app.signup("ada@example.com", "Ada", PASSWORD).await;
    let login = |address: &'static str, password: &'static str| {
        let request = Client::new().post(app.url("/auth/login")).header("x-forwarded-for", address);
        request.json(&json!({ "email": "ada@example.com", "password": password })).send()
    };
    // The account's burst from one address is 10; the guesser keeps going past it.
    for _ in 0..10 {
        assert_eq!(login("198.51.100.66", "wrong password!!").await.unwrap().status(), 401);
    }
    for _ in 0..5 {
        assert_eq!(login("198.51.100.66", "wrong password!!").await.unwrap().status(), 429);
    }
    assert_eq!(login("198.51.100.66", PASSWORD).await.unwrap().status(), 429, "the guesser's address stays refused");
    assert_eq!(login("203.0.113.7", PASSWORD).await.unwrap().status(), 200, "the owner, elsewhere, gets in");
}

/// An app with an account for ada@example.com and none for nobody@example.com, whose buckets
/// for both, from this address, are empty (a burst of one: the second wrong password empties it).
async fn throttled_for_ada_and_nobody() -> TestApp {
    let app = spawn_app_with(&[("THROTTLE_LOGIN_FAILURES_PER_ACCOUNT", "10")]).await;
    app.signup("ada@example.com", "Ada", PASSWORD).await;
    for email in ["ada@example.com", "nobody@example.com"] {
        while wrong_password(&Client::new(), &app, email).await.unwrap().status() != 429 {}
    }
    app
}

/// One connection-reusing client per test: the benchmark times answers, not TCP handshakes.
fn wrong_password(
    client: &Client,
    app: &TestApp,
    email: &str,
) -> impl std::future::Future<Output = reqwest::Result<reqwest::Response>> {
    client.post(app.url("/auth/login")).json(&json!({ "email": email, "password": "wrong password!!" })).send()
}

#[tokio::test]
async fn a_throttled_login_is_refused_without_touching_the_account_the_email_names() {
    use std::time::{Duration, Instant};
    let app = throttled_for_ada_and_nobody().await;
    let client = Client::new();
    let login = |email: &'static str| wrong_password(&client, &app, email);
    // While nothing about accounts can be read (PostgreSQL) or written (SQLite), refusals for
    // a real account and for no account answer at once alike: neither looks the account up or
    // writes its history before answering, so their times cannot tell which email exists.
    let holder = crate::common::lock_the_accounts_for(&app, Duration::from_secs(3)).await;
    for email in ["ada@example.com", "nobody@example.com"] {
        let started = Instant::now();
        assert_eq!(login(email).await.unwrap().status(), 429);
        let waited = started.elapsed();
        assert!(waited < Duration::from_millis(1500), "{email}: the refusal waited {waited:?} for the account");
    }
    holder.await.unwrap();
    // The account's history still learns of it, once the tables are free.
    let recorded = "SELECT COUNT(*) FROM events WHERE type = 'throttled'";
    let deadline = Instant::now() + Duration::from_secs(10);
    while app.count(recorded).await == 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(app.count(recorded).await, 1);
}

/// A benchmark, not a check (`make bench` runs it): the time of a throttled refusal for an
/// email with an account against one without, interleaved, medians and 90th percentiles.
#[tokio::test]
#[ignore = "a benchmark: make bench prints its figures"]
async fn bench_throttled_refusal_known_against_unknown_email() {
    use std::time::Instant;
    const ROUNDS: usize = 400;
    let app = throttled_for_ada_and_nobody().await;
    let client = Client::new();
    let login = |email: &'static str| wrong_password(&client, &app, email);
    let mut times: BTreeMap<&str, Vec<u128>> = BTreeMap::new();
    for _ in 0..ROUNDS {
        for email in ["ada@example.com", "nobody@example.com"] {
            let started = Instant::now();
            assert_eq!(login(email).await.unwrap().status(), 429);
            times.entry(email).or_default().push(started.elapsed().as_micros());
        }
    }
    let quantile = |sorted: &[u128], q: f64| sorted[((sorted.len() - 1) as f64 * q) as usize];
    for (email, mut micros) in times {
        micros.sort_unstable();
        println!(
            "throttled refusal, {email}: median {} us, p90 {} us ({ROUNDS} each, interleaved)",
            quantile(&micros, 0.5),
            quantile(&micros, 0.9)
        );
    }
}
