//! The costs, each measured against a running Latch on a generated database: what a person or
//! a program does (requests), what an operator does (the CLI, a restart) and what runs by
//! itself (the pruner). One JSON line per cost.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use latch::auth::server::sessions::token::TokenKeys;
use reqwest::{Client, StatusCode};

use super::connection::Conn;
use super::shape::{Shape, PASSWORD};
use super::timing::{run, run_while, Timings};

/// Where the server under test is, and what the probes may use to reach it.
pub struct Target {
    pub base: String,
    pub database_url: String,
    pub shape: Shape,
    pub keys: TokenKeys,
    /// The server's process, for its memory.
    pub pid: u32,
    /// The server's log: the pruner says there when its round ended.
    pub log: PathBuf,
    pub client: Client,
}

impl Target {
    /// A bearer token for account `id`'s live session, as a program would hold it.
    pub fn bearer(&self, id: i64) -> String {
        let now = latch_now();
        let token = self.keys.issue(id, &Shape::live_session(id), now).unwrap_or_default();
        format!("Bearer {token}")
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// GET `path` as account `id` (bearer), `count` times, `in_flight` at once; 200 is good.
    async fn get_as(&self, id: i64, path: &str, count: usize, in_flight: usize) -> Timings {
        let (client, url, bearer) = (self.client.clone(), self.url(path), self.bearer(id));
        run(count, in_flight, move |_| {
            let request = client.get(&url).header("authorization", &bearer);
            async move { ok(request.send().await, StatusCode::OK).await }
        })
        .await
    }
}

fn latch_now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |since| since.as_secs() as i64)
}

/// Whether the answer came with `expected`; its body read to the end either way.
async fn ok(answer: reqwest::Result<reqwest::Response>, expected: StatusCode) -> bool {
    match answer {
        Ok(response) => {
            let status = response.status();
            let read = response.bytes().await.is_ok();
            status == expected && read
        }
        Err(_) => false,
    }
}

/// The pruner's first round on this database (it starts with the server) against
/// `/auth/me`: the same requests while it runs and for as long again after it.
pub async fn pruner(target: &Target) -> Vec<serde_json::Value> {
    let started = Instant::now();
    let log = target.log.clone();
    let pruned = move || std::fs::read_to_string(&log).is_ok_and(|text| text.contains("sessions_pruned"));
    let me = me_requests(target);
    let during = run_while(4, me.clone(), move |_| !pruned()).await;
    let round = started.elapsed();
    // What the round wrote reaches the disk before anything else is measured: the kernel's
    // writing back gigabytes would otherwise take the cores from the next measurements.
    let _ = std::process::Command::new("sync").status();
    // The same requests for as long again, between 3 and 10 s: enough for a p99.
    let until = Instant::now() + round.clamp(Duration::from_secs(3), Duration::from_secs(10));
    let after = run_while(4, me, move |_| Instant::now() < until).await;
    let deleted = std::fs::read_to_string(&target.log)
        .ok()
        .and_then(|text| text.lines().find(|line| line.contains("sessions_pruned")).map(str::to_owned))
        .unwrap_or_default();
    vec![
        serde_json::json!({"name": "pruner round", "seconds": round.as_secs_f64(), "log": deleted}),
        during.json("/auth/me while the pruner runs"),
        after.json("/auth/me after the pruner"),
    ]
}

/// `/auth/me` of one warm session, over and over.
fn me_requests(
    target: &Target,
) -> impl Fn(usize) -> std::pin::Pin<Box<dyn std::future::Future<Output = bool> + Send>> + Clone {
    let (client, url, bearer) =
        (target.client.clone(), target.url("/auth/me"), Arc::new(target.bearer(Shape::ADMIN + 100)));
    move |_| {
        let request = client.get(&url).header("authorization", bearer.as_str());
        Box::pin(async move { ok(request.send().await, StatusCode::OK).await })
    }
}

/// `/auth/me` of sessions never seen (the caches cold: a signature, a session and an account
/// read), then of one session over and over (warm).
pub async fn me(target: &Target) -> Vec<serde_json::Value> {
    let spread = (target.shape.accounts / 1_000).max(1);
    let shape = target.shape;
    let accounts = (0..1_000).map(|k| 1 + (6 + k * spread) % shape.accounts).filter(|id| !shape.is_to_disable(*id));
    let tokens: Arc<Vec<String>> = Arc::new(accounts.map(|id| target.bearer(id)).collect());
    let (client, url) = (target.client.clone(), target.url("/auth/me"));
    let cold = run(tokens.len(), 4, move |index| {
        let request = client.get(&url).header("authorization", &tokens[index]);
        async move { ok(request.send().await, StatusCode::OK).await }
    })
    .await;
    let warm = run(20_000, 4, me_requests(target)).await;
    vec![cold.json("/auth/me, a session never seen"), warm.json("/auth/me, the same session again")]
}

/// Logins of ordinary accounts (each a hash: Argon2 sets the pace), and signups.
pub async fn login_and_signup(target: &Target, run_id: i64) -> Vec<serde_json::Value> {
    let (client, url, shape) = (target.client.clone(), target.url("/auth/login"), target.shape);
    let logins = run(60, 2, move |index| {
        let body = serde_json::json!({"email": Shape::email(shape.ordinary(index as i64)), "password": PASSWORD});
        let request = client.post(&url).json(&body);
        async move { ok(request.send().await, StatusCode::OK).await }
    })
    .await;
    let (client, url) = (target.client.clone(), target.url("/auth/signup"));
    let signups = run(60, 2, move |index| {
        let body = serde_json::json!({"email": format!("new{run_id}-{index}@example.net"), "username": "New Person", "password": PASSWORD});
        let request = client.post(&url).json(&body);
        async move { ok(request.send().await, StatusCode::OK).await }
    })
    .await;
    vec![logins.json("POST /auth/login"), signups.json("POST /auth/signup")]
}

/// The account page (server-rendered, signed in by cookie) and the account's JSON, of an
/// ordinary account and of an attacked one.
pub async fn account_pages(target: &Target) -> Vec<serde_json::Value> {
    let mut lines = Vec::new();
    for (who, id) in [("an ordinary account", target.shape.ordinary(3)), ("an attacked account", Shape::ADMIN + 1)] {
        let token = target.bearer(id);
        let cookie = format!("latch_session={}", token.trim_start_matches("Bearer "));
        let (client, url) = (target.client.clone(), target.url("/account"));
        let page = run(200, 4, move |_| {
            let request = client.get(&url).header("cookie", &cookie);
            async move { ok(request.send().await, StatusCode::OK).await }
        })
        .await;
        lines.push(page.json(&format!("GET /account, {who}")));
        lines.push(target.get_as(id, "/auth/account", 200, 4).await.json(&format!("GET /auth/account, {who}")));
    }
    lines
}

/// The attacked account's history: its first page, and a page 90,000 events deep.
pub async fn events(target: &Target) -> Result<Vec<serde_json::Value>, sqlx::Error> {
    let attacked = Shape::ADMIN + 1;
    let mut conn = Conn::open(&target.database_url).await?;
    let deep = conn
        .number(&format!("SELECT id FROM events WHERE user_id = {attacked} ORDER BY id DESC LIMIT 1 OFFSET 90000"))
        .await?;
    conn.close().await?;
    Ok(vec![
        target.get_as(attacked, "/auth/events?limit=50", 200, 4).await.json("GET /auth/events, first page"),
        target
            .get_as(attacked, &format!("/auth/events?limit=50&before={deep}"), 200, 4)
            .await
            .json("GET /auth/events, 90,000 events deep"),
    ])
}

/// The attacked account's export: its time, its size, and how much the server's resident
/// memory rose while it was made (sampled every 2 ms).
pub async fn export(target: &Target) -> serde_json::Value {
    let before = resident_kib(target.pid);
    let peak = Arc::new(std::sync::atomic::AtomicU64::new(before));
    let sampling = Arc::new(std::sync::atomic::AtomicBool::new(true));
    let sampler = {
        let (peak, sampling, pid) = (peak.clone(), sampling.clone(), target.pid);
        tokio::spawn(async move {
            while sampling.load(std::sync::atomic::Ordering::Relaxed) {
                peak.fetch_max(resident_kib(pid), std::sync::atomic::Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
        })
    };
    let started = Instant::now();
    let mut bytes = 0usize;
    let mut good = true;
    let rounds = 3;
    for _ in 0..rounds {
        let answer = target
            .client
            .get(target.url("/auth/export"))
            .header("authorization", target.bearer(Shape::ADMIN + 1))
            .send()
            .await;
        match answer {
            Ok(response) if response.status() == StatusCode::OK => {
                bytes = response.bytes().await.map_or(0, |body| body.len())
            }
            _ => good = false,
        }
    }
    let seconds = started.elapsed().as_secs_f64() / f64::from(rounds);
    sampling.store(false, std::sync::atomic::Ordering::Relaxed);
    let _ = sampler.await;
    let peak = peak.load(std::sync::atomic::Ordering::Relaxed);
    serde_json::json!({
        "name": "GET /auth/export, the attacked account", "ok": good, "bytes": bytes, "seconds": seconds,
        "resident_kib_before": before, "resident_kib_peak": peak, "resident_kib_rise": peak.saturating_sub(before),
    })
}

/// The server's resident memory now, in KiB.
pub fn resident_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
            line.split_whitespace().nth(1)?.parse().ok()
        })
        .unwrap_or(0)
}

/// A Prometheus scrape of `/metrics`: the process's first (it counts the live sessions while
/// the scraper waits), then 20 more, one at a time (they answer the last count, and count
/// again in the background once it is a minute old).
pub async fn metrics(target: &Target, metrics_base: &str) -> Vec<serde_json::Value> {
    let (client, url) = (target.client.clone(), format!("{metrics_base}/metrics"));
    let scrape = move |_| {
        let request = client.get(&url);
        async move { ok(request.send().await, StatusCode::OK).await }
    };
    let first = run(1, 1, scrape.clone()).await;
    let next = run(20, 1, scrape).await;
    vec![first.json("GET /metrics, the process's first scrape"), next.json("GET /metrics, a scrape")]
}
