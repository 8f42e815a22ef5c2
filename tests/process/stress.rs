//! Crashes and shutdowns, against the real binary. Signups that were answered 200 survive
//! `kill -9`; SIGTERM lets requests in flight finish and exits 0. Each run prints its counts.
//! `make stress` runs more rounds with more load (STRESS_ROUNDS, STRESS_WORKERS).
use std::{
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc, Mutex,
    },
    time::Duration,
};

use crate::PASSWORD;
use crate::{one_at_a_time, running::RunningServer};
use reqwest::Client;
use serde_json::json;

fn setting(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

const UNTHROTTLED: &[(&str, &str)] =
    &[("THROTTLE_SIGNUPS_PER_ADDRESS", "1000000"), ("THROTTLE_LOGIN_FAILURES_PER_ADDRESS", "1000000")];

#[derive(Default, Debug)]
struct Counts {
    sent: usize,
    ok: usize,
    client_errors: usize,
    server_errors: usize,
    /// No answer at all: the connection died with the server.
    lost: usize,
}

/// Workers sign up distinct accounts in a loop until `stop`; returns the counts and the
/// emails that were answered 200.
async fn signups_until(
    server_url: String,
    workers: usize,
    round: usize,
    stop: Arc<AtomicBool>,
) -> (Counts, Vec<String>) {
    let counts = Arc::new(Mutex::new(Counts::default()));
    let accepted = Arc::new(Mutex::new(Vec::new()));
    let tasks: Vec<_> = (0..workers)
        .map(|worker| {
            let (url, stop, counts, accepted) = (server_url.clone(), stop.clone(), counts.clone(), accepted.clone());
            tokio::spawn(async move {
                let client = Client::builder().timeout(Duration::from_secs(20)).build().unwrap();
                for n in 0.. {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let email = format!("r{round}-w{worker}-n{n}@example.com");
                    counts.lock().unwrap().sent += 1;
                    let body = json!({ "email": email, "username": "Stress", "password": PASSWORD });
                    match client.post(format!("{url}/auth/signup")).json(&body).send().await {
                        Ok(r) if r.status().is_success() => {
                            counts.lock().unwrap().ok += 1;
                            accepted.lock().unwrap().push(email);
                        }
                        Ok(r) if r.status().is_client_error() => counts.lock().unwrap().client_errors += 1,
                        Ok(_) => counts.lock().unwrap().server_errors += 1,
                        Err(_) => {
                            counts.lock().unwrap().lost += 1;
                            break;
                        }
                    }
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    let counts = std::mem::take(&mut *counts.lock().unwrap());
    let accepted = std::mem::take(&mut *accepted.lock().unwrap());
    (counts, accepted)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn signups_answered_200_survive_kill_9_and_the_database_stays_intact() {
    let _turn = one_at_a_time().await;
    let rounds = setting("STRESS_ROUNDS", 3);
    let workers = setting("STRESS_WORKERS", 16);
    let dir = tempfile::tempdir().unwrap();
    let mut all_accepted = Vec::new();
    for round in 0..rounds {
        let mut server = RunningServer::start(dir.path(), UNTHROTTLED);
        let stop = Arc::new(AtomicBool::new(false));
        let load = tokio::spawn(signups_until(server.url(""), workers, round, stop.clone()));
        // A different moment each round, from 300 ms to 1.4 s into the load.
        let moment = 300 + (std::process::id() as u64 * 7919 + round as u64 * 104_729) % 1100;
        tokio::time::sleep(Duration::from_millis(moment)).await;
        server.kill();
        stop.store(true, Ordering::Relaxed);
        let (counts, accepted) = load.await.unwrap();
        println!("kill -9 round {round} after {moment} ms: {counts:?}");
        assert_eq!(counts.server_errors, 0, "{counts:?}");
        assert!(counts.ok > 0, "the load ran before the kill: {counts:?}");
        all_accepted.extend(accepted);
    }

    // Every signup answered 200, in any round, can log in after the last crash.
    let server = RunningServer::start(dir.path(), UNTHROTTLED);
    let client = Client::new();
    for email in &all_accepted {
        let login = client
            .post(server.url("/auth/login"))
            .json(&json!({ "email": email, "password": PASSWORD }))
            .send()
            .await
            .unwrap();
        assert_eq!(login.status(), 200, "{email} was answered 200 but cannot log in");
    }
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}/latch.db", dir.path().display())).await.unwrap();
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&pool).await.unwrap();
    assert_eq!(integrity, "ok");
    println!(
        "after {rounds} crashes: {} accounts answered 200, all log in; integrity_check: {integrity}",
        all_accepted.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigterm_during_load_lets_requests_in_flight_finish_and_exits_0() {
    let _turn = one_at_a_time().await;
    let dir = tempfile::tempdir().unwrap();
    let mut server = RunningServer::start(dir.path(), UNTHROTTLED);
    let in_flight = setting("STRESS_WORKERS", 16) * 2;
    let client = Client::new();
    let requests: Vec<_> = (0..in_flight)
        .map(|n| {
            let request = client
                .post(server.url("/auth/signup"))
                .json(&json!({ "email": format!("t{n}@example.com"), "username": "Term", "password": PASSWORD }))
                .send();
            tokio::spawn(request)
        })
        .collect();
    // Hashing 2 x 16 passwords takes the 2 cores about a second; stop well before that.
    tokio::time::sleep(Duration::from_millis(250)).await;
    let finished_before_signal = requests.iter().filter(|r| r.is_finished()).count();
    let exit = tokio::task::spawn_blocking(move || {
        let exit = server.terminate();
        (exit, server.log())
    });
    let mut statuses = Vec::new();
    for request in requests {
        statuses.push(request.await.unwrap().map(|r| r.status().as_u16()).unwrap_or(0));
    }
    let (exit, log) = exit.await.unwrap();
    let ok = statuses.iter().filter(|s| **s == 200).count();
    println!("SIGTERM with {in_flight} signups sent, {finished_before_signal} answered before it: {ok} answered 200, exit {exit:?}");
    assert!(finished_before_signal < in_flight, "some requests were still in flight at the signal");
    assert_eq!(ok, in_flight, "every request in flight finished: {statuses:?}");
    assert!(exit.success(), "exit status {exit:?}; log:\n{log}");
    assert!(log.contains("shutting down"), "{log}");
}
