//! Three Latch processes on one PostgreSQL, as behind a load balancer: what one instance does,
//! the others honour (revocations within 100 ms, one throttle allowance, one account per
//! email), and background work runs once. Outages are in `outages.rs`.

use std::{
    collections::BTreeMap,
    sync::Arc,
    time::{Duration, Instant},
};

use futures::future::join_all;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

use crate::{one_at_a_time, postgres::ThrowawayPostgres, running::RunningServer, PASSWORD};

/// Three instances on the database `database_url`, with whatever else `env` says, each
/// listening for revocations before this returns.
pub fn three_instances(database_url: &str, env: &[(&str, &str)]) -> (Vec<RunningServer>, Vec<tempfile::TempDir>) {
    let folders: Vec<_> = (0..3).map(|_| tempfile::tempdir().unwrap()).collect();
    let mut vars = vec![("DATABASE_URL", database_url), ("THROTTLE_SIGNUPS_PER_ADDRESS", "100000")];
    vars.extend_from_slice(env);
    let servers: Vec<_> = folders.iter().map(|folder| RunningServer::start(folder.path(), &vars)).collect();
    for server in &servers {
        wait_for_log(server, "listening for other instances' revocations", 1);
    }
    (servers, folders)
}

/// Waits (up to 10 s) until `text` is in the server's log at least `times` times.
fn wait_for_log(server: &RunningServer, text: &str, times: usize) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while server.log().matches(text).count() < times {
        assert!(Instant::now() < deadline, "never logged {text:?} {times} times; the log:\n{}", server.log());
        std::thread::sleep(Duration::from_millis(20));
    }
}

async fn signup(client: &Client, server: &RunningServer, email: &str) -> reqwest::Result<reqwest::Response> {
    let body = json!({ "email": email, "username": "Ada", "password": PASSWORD });
    client.post(server.url("/auth/signup")).json(&body).send().await
}

async fn login(client: &Client, server: &RunningServer, email: &str, password: &str) -> reqwest::Response {
    let body = json!({ "email": email, "password": password });
    client.post(server.url("/auth/login")).json(&body).send().await.expect("an answer")
}

async fn token(client: &Client, server: &RunningServer, email: &str) -> String {
    let answer = login(client, server, email, PASSWORD).await;
    assert_eq!(answer.status(), StatusCode::OK);
    answer.json::<Value>().await.unwrap()["access_token"].as_str().unwrap().to_owned()
}

async fn me(client: &Client, server: &RunningServer, token: &str) -> StatusCode {
    client.get(server.url("/auth/me")).bearer_auth(token).send().await.expect("an answer").status()
}

async fn users(database_url: &str, email: &str) -> i64 {
    let pool = sqlx::PgPool::connect(database_url).await.unwrap();
    sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE email = $1").bind(email).fetch_one(&pool).await.unwrap()
}

pub fn tally(statuses: impl IntoIterator<Item = u16>) -> BTreeMap<u16, usize> {
    statuses.into_iter().fold(BTreeMap::new(), |mut counts, status| {
        *counts.entry(status).or_default() += 1;
        counts
    })
}

/// How long after `since` until `signed_in` says no more (polled every millisecond, for at
/// most two seconds).
pub async fn refused_after<F, Fut>(signed_in: F, since: Instant) -> Duration
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    loop {
        if !signed_in().await {
            return since.elapsed();
        }
        assert!(since.elapsed() < Duration::from_secs(2), "still accepted two seconds after it was ended");
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_logout_on_one_instance_is_refused_by_the_others_within_100_ms() {
    let _turn = one_at_a_time().await;
    let postgres = ThrowawayPostgres::start();
    let url = postgres.new_database("latch");
    let (servers, _folders) = three_instances(&url, &[]);
    let (first, second, third) = (&servers[0], &servers[1], &servers[2]);
    let client = Client::new();
    assert_eq!(signup(&client, first, "ada@example.com").await.unwrap().status(), StatusCode::OK);

    let mut slowest = Vec::new();
    for _ in 0..20 {
        let token = token(&client, second, "ada@example.com").await;
        // Both instances have the session in their caches before the logout.
        assert_eq!(me(&client, first, &token).await, StatusCode::OK);
        assert_eq!(me(&client, second, &token).await, StatusCode::OK);
        let logout = client.post(third.url("/auth/logout")).bearer_auth(&token).send().await.unwrap();
        assert_eq!(logout.status(), StatusCode::OK);
        let answered = Instant::now();
        let (on_first, on_second) = tokio::join!(
            refused_after(|| async { me(&client, first, &token).await == StatusCode::OK }, answered),
            refused_after(|| async { me(&client, second, &token).await == StatusCode::OK }, answered)
        );
        slowest.push(on_first.max(on_second));
    }
    slowest.sort();
    println!("revocation seen by both other instances after: p50 {:?}, max {:?}", slowest[10], slowest[19]);
    assert!(slowest[19] < Duration::from_millis(100), "{slowest:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_instance_whose_listener_drops_stops_trusting_its_cache() {
    let _turn = one_at_a_time().await;
    let postgres = ThrowawayPostgres::start();
    let url = postgres.new_database("latch");
    let (servers, _folders) = three_instances(&url, &[]);
    let (first, third) = (&servers[0], &servers[2]);
    let client = Client::new();
    signup(&client, first, "ada@example.com").await.unwrap();
    let token = token(&client, third, "ada@example.com").await;
    assert_eq!(me(&client, first, &token).await, StatusCode::OK, "cached on the first instance");
    assert_eq!(me(&client, third, &token).await, StatusCode::OK);

    // Every listener loses its connection and cannot get a new one, so the logout's
    // notification reaches nobody; the instances' pools keep the connections they hold.
    let psql = |sql: &str| {
        let pool = sqlx::PgPool::connect_lazy(&postgres.url()).unwrap();
        let sql = sql.to_owned();
        async move { sqlx::raw_sql(&sql).execute(&pool).await.unwrap() }
    };
    psql(
        "ALTER DATABASE latch ALLOW_CONNECTIONS false;
         SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'latch-listener'",
    )
    .await;
    wait_for_log(first, "revocation listener lost", 1);
    assert_eq!(client.post(third.url("/auth/logout")).bearer_auth(&token).send().await.unwrap().status(), 200);
    assert_eq!(
        me(&client, first, &token).await,
        StatusCode::UNAUTHORIZED,
        "served from a cache that missed the logout"
    );

    // Once it can connect again, it listens again.
    psql("ALTER DATABASE latch ALLOW_CONNECTIONS true").await;
    wait_for_log(first, "listening for other instances' revocations", 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_racing_signups_of_one_email_over_three_instances_make_one_account() {
    let _turn = one_at_a_time().await;
    let postgres = ThrowawayPostgres::start();
    let url = postgres.new_database("latch");
    let (servers, _folders) = three_instances(&url, &[]);
    let client = Client::new();
    let barrier = Arc::new(tokio::sync::Barrier::new(50));
    let answers = join_all((0..50).map(|n| {
        let (client, barrier, server) = (client.clone(), barrier.clone(), &servers[n % 3]);
        async move {
            barrier.wait().await;
            signup(&client, server, "ada@example.com").await.unwrap().status().as_u16()
        }
    }))
    .await;
    println!("50 racing signups of one email over three instances: {:?}", tally(answers.iter().copied()));
    assert_eq!(tally(answers), BTreeMap::from([(200, 1), (400, 49)]));
    assert_eq!(users(&url, "ada@example.com").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_guessing_burst_spread_over_three_instances_is_throttled_as_one() {
    let _turn = one_at_a_time().await;
    let postgres = ThrowawayPostgres::start();
    let url = postgres.new_database("latch");
    // 100 failures an hour for one account from one address: a burst of 10.
    let (servers, _folders) = three_instances(&url, &[("THROTTLE_LOGIN_FAILURES_PER_ACCOUNT", "100")]);
    let client = Client::new();
    signup(&client, &servers[0], "ada@example.com").await.unwrap();
    let barrier = Arc::new(tokio::sync::Barrier::new(30));
    let answers = join_all((0..30).map(|n| {
        let (client, barrier, server) = (client.clone(), barrier.clone(), &servers[n % 3]);
        async move {
            barrier.wait().await;
            login(&client, server, "ada@example.com", "wrong password, guess {n}").await.status().as_u16()
        }
    }))
    .await;
    println!("30 wrong passwords at once over three instances: {:?}", tally(answers.iter().copied()));
    // One allowance of 10 for all three; per-instance buckets would have let 30 through.
    assert_eq!(tally(answers), BTreeMap::from([(401, 10), (429, 20)]));
}

#[tokio::test]
async fn postgres_connections_carry_a_statement_timeout() {
    let postgres = ThrowawayPostgres::start();
    let db = latch::web::db::open(&postgres.new_database("latch"), 2).await.unwrap();
    let latch::web::db::Db::Postgres(pool) = &db else { unreachable!() };
    let timeout: String = sqlx::query_scalar("SHOW statement_timeout").fetch_one(pool).await.unwrap();
    assert_eq!(timeout, "5s", "a stuck statement would hold its connection for good");
    let stuck = sqlx::query("SELECT pg_sleep(10)").execute(pool).await.unwrap_err();
    assert!(latch::auth::server::failures::is_unavailable(&stuck), "a cancelled statement is a 503: {stuck}");
}

#[tokio::test]
async fn only_one_instance_prunes_at_a_time_and_a_skipped_round_loses_nothing() {
    use latch::{
        auth::server::store::{self, Db, PRUNER_LOCK},
        web::db,
    };
    let postgres = ThrowawayPostgres::start();
    let db = db::open(&postgres.new_database("latch"), 4).await.unwrap();
    let Db::Postgres(pool) = &db else { unreachable!() };
    sqlx::raw_sql(
        "INSERT INTO users (id, email, username, password_hash, created_at) VALUES (1, 'ada@example.com', 'Ada', 'x', 0);
         INSERT INTO sessions (id, user_id, created_at, expires_at, revoked_at) VALUES ('dead', 1, 0, 9999999999, 5)",
    )
    .execute(pool)
    .await
    .unwrap();
    let sessions = || sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM sessions").fetch_one(pool);

    // Another instance is pruning: it holds the pruner's lock.
    let mut other = pool.acquire().await.unwrap();
    sqlx::query("SELECT pg_advisory_lock($1)").bind(PRUNER_LOCK).execute(&mut *other).await.unwrap();
    assert_eq!(store::prune(&db, 100, 0).await.unwrap(), None, "pruned beside another instance");
    assert_eq!(sessions().await.unwrap(), 1);

    // Its round is over: the next round here does the work.
    sqlx::query("SELECT pg_advisory_unlock($1)").bind(PRUNER_LOCK).execute(&mut *other).await.unwrap();
    assert_eq!(store::prune(&db, 100, 0).await.unwrap(), Some(1));
    assert_eq!(sessions().await.unwrap(), 0);
}
