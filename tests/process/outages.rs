//! Outages with several instances on one PostgreSQL: one instance killed mid-load, and
//! PostgreSQL itself restarting under load. Neither loses an acknowledged signup, and
//! everything that stays up keeps answering (or answers 503 with `Retry-After`, and recovers).

use std::{
    sync::{
        atomic::{AtomicBool, AtomicUsize, Ordering},
        Arc,
    },
    time::{Duration, Instant},
};

use futures::future::join_all;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

use crate::{
    instances::{tally, three_instances},
    one_at_a_time,
    postgres::ThrowawayPostgres,
    running::RunningServer,
    PASSWORD,
};

/// One signup's outcome: which server, which email, the status (0: no answer) and whether
/// it came with `Retry-After`.
type Answer = (usize, String, u16, bool);

/// Signups of distinct emails from `workers` loops, round robin over the servers' signup
/// `urls`, until `stop`; counts answers in `answered` as they come.
fn signup_load(
    servers: &[RunningServer],
    workers: usize,
    stop: Arc<AtomicBool>,
    answered: Arc<AtomicUsize>,
) -> tokio::task::JoinHandle<Vec<Answer>> {
    let urls: Vec<String> = servers.iter().map(|server| server.url("/auth/signup")).collect();
    tokio::spawn(async move { signups_until(urls, workers, stop, answered).await })
}

async fn signups_until(
    urls: Vec<String>,
    workers: usize,
    stop: Arc<AtomicBool>,
    answered: Arc<AtomicUsize>,
) -> Vec<Answer> {
    let client = Client::builder().timeout(Duration::from_secs(20)).build().unwrap();
    let tasks = (0..workers).map(|worker| {
        let (urls, client, stop, answered) = (urls.clone(), client.clone(), stop.clone(), answered.clone());
        tokio::spawn(async move {
            let mut seen = Vec::new();
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                let server = (worker + n) % urls.len();
                let email = format!("user{worker}-{n}@example.com");
                let body = json!({ "email": email, "username": "Load", "password": PASSWORD });
                let answer = client.post(&urls[server]).json(&body).send().await;
                let (status, retry_after) = match &answer {
                    Ok(answer) => (answer.status().as_u16(), answer.headers().contains_key("retry-after")),
                    Err(_) => (0, false),
                };
                answered.fetch_add(1, Ordering::Relaxed);
                seen.push((server, email, status, retry_after));
                n += 1;
            }
            seen
        })
    });
    join_all(tasks).await.into_iter().flat_map(Result::unwrap).collect()
}

async fn every_acknowledged_signup_is_stored(url: &str, answers: &[Answer]) -> usize {
    let pool = sqlx::PgPool::connect(url).await.unwrap();
    let stored: Vec<String> = sqlx::query_scalar("SELECT email FROM users").fetch_all(&pool).await.unwrap();
    let stored: std::collections::HashSet<String> = stored.into_iter().collect();
    let acknowledged: Vec<&String> = answers.iter().filter(|a| a.2 == 200).map(|a| &a.1).collect();
    let lost: Vec<&&String> = acknowledged.iter().filter(|email| !stored.contains(**email)).collect();
    assert!(lost.is_empty(), "acknowledged but not stored: {lost:?}");
    acknowledged.len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_instance_killed_mid_load_loses_no_acknowledged_signup_and_the_others_keep_answering() {
    let _turn = one_at_a_time().await;
    let postgres = ThrowawayPostgres::start();
    let url = postgres.new_database("latch");
    let (mut servers, _folders) = three_instances(&url, &[]);
    let (stop, answered) = (Arc::new(AtomicBool::new(false)), Arc::new(AtomicUsize::new(0)));
    let load = signup_load(&servers, 12, stop.clone(), answered.clone());
    while answered.load(Ordering::Relaxed) < 60 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    servers[0].kill();
    let killed_at = answered.load(Ordering::Relaxed);
    while answered.load(Ordering::Relaxed) < killed_at + 120 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    stop.store(true, Ordering::Relaxed);
    let answers = load.await.unwrap();
    let by_server = |index: usize| tally(answers.iter().filter(|a| a.0 == index).map(|a| a.2));
    println!(
        "kill -9 of one instance of three mid-load: killed {:?}, others {:?} {:?}",
        by_server(0),
        by_server(1),
        by_server(2)
    );
    // The survivors answered every request, and answered it well.
    for survivor in [1, 2] {
        assert_eq!(by_server(survivor).keys().copied().collect::<Vec<_>>(), [200], "instance {survivor}");
    }
    let acknowledged = every_acknowledged_signup_is_stored(&url, &answers).await;
    // A real load ran: 60 answers before the kill and 120 after, of which the dead instance's
    // share (each worker turns through the three: one in three) fails at once, so about 140
    // are acknowledged; 120 leaves room for the requests in flight at the kill. (150 here
    // failed once at 149: the bound was the arithmetic's, with no room.)
    assert!(acknowledged >= 120, "{acknowledged}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_restarting_under_load_gives_503s_then_every_instance_recovers_and_nothing_acknowledged_is_lost() {
    let _turn = one_at_a_time().await;
    let postgres = ThrowawayPostgres::start();
    let url = postgres.new_database("latch");
    let (servers, _folders) = three_instances(&url, &[]);
    let (stop, answered) = (Arc::new(AtomicBool::new(false)), Arc::new(AtomicUsize::new(0)));
    let load = signup_load(&servers, 12, stop.clone(), answered.clone());
    while answered.load(Ordering::Relaxed) < 30 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let down = Instant::now();
    postgres.stop();
    let client = Client::new();
    let health = client.get(servers[0].url("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), StatusCode::SERVICE_UNAVAILABLE);
    let health: Value = health.json().await.unwrap();
    assert_eq!((health["database"].as_str(), health["engine"].as_str()), (Some("down"), Some("postgres")));
    tokio::time::sleep(Duration::from_secs(1)).await;
    postgres.start_again();
    let restarted = Instant::now();
    println!("PostgreSQL was down {:?}", restarted - down);

    // Every instance is healthy again within a few seconds, without a restart of its own.
    for server in &servers {
        loop {
            let health = client.get(server.url("/healthz")).send().await.unwrap();
            if health.status() == StatusCode::OK {
                break;
            }
            assert!(restarted.elapsed() < Duration::from_secs(5), "{} still unhealthy", server.addr);
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    println!("every instance healthy {:?} after the restart", restarted.elapsed());
    let recovered_at = answered.load(Ordering::Relaxed);
    while answered.load(Ordering::Relaxed) < recovered_at + 60 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    stop.store(true, Ordering::Relaxed);
    let answers = load.await.unwrap();
    println!("signups through a PostgreSQL restart: {:?}", tally(answers.iter().map(|a| a.2)));
    assert!(
        answers.iter().all(|a| a.2 == 200 || (a.2 == 503 && a.3)),
        "only 200, or 503 with Retry-After: {:?}",
        tally(answers.iter().map(|a| a.2))
    );
    assert!(answers.iter().any(|a| a.2 == 503), "the outage was never seen: the test proves nothing");
    // The last answers from every instance are successes again.
    for index in 0..3 {
        let last = answers.iter().rfind(|a| a.0 == index).unwrap();
        assert_eq!(last.2, 200, "instance {index} did not recover");
    }
    every_acknowledged_signup_is_stored(&url, &answers).await;
}
