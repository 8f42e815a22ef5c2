//! The server under test as the probes see it ([`Target`]), and the costs measured once per
//! database on its own server: what runs by itself (the pruner's first round) and what is
//! measured by its memory rather than its time (the export). One JSON line per cost.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use latch::auth::server::sessions::token::TokenKeys;
use reqwest::{Client, StatusCode};

use super::shape::Shape;
use super::timing::{run, run_while, Timings};

/// Where the server under test is, and what the probes may use to reach it.
pub struct Target {
    pub base: String,
    /// Its Prometheus listener.
    pub metrics_base: String,
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
        let token = self.keys.issue(id, &Shape::live_session(id), latch_now()).unwrap_or_default();
        format!("Bearer {token}")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Whether the pruner's first round has ended (its log line is there).
    pub fn pruned(&self) -> bool {
        pruned(&self.log)
    }

    /// GET `path` as account `id` (bearer), `count` times, `in_flight` at once; 200 is good.
    pub async fn get_as(&self, id: i64, path: &str, count: usize, in_flight: usize) -> Timings {
        self.get_with(self.url(path), "authorization", self.bearer(id), count, in_flight).await
    }

    /// GET `url` with one header, `count` times, `in_flight` at once; 200 is good.
    pub async fn get_with(
        &self,
        url: String,
        header: &'static str,
        value: String,
        count: usize,
        in_flight: usize,
    ) -> Timings {
        let client = self.client.clone();
        run(count, in_flight, move |_| {
            let request = client.get(&url).header(header, &value);
            async move { ok(request.send().await, StatusCode::OK).await }
        })
        .await
    }
}

/// Whether the server's log at `log` says the pruner's first round has ended.
fn pruned(log: &Path) -> bool {
    std::fs::read_to_string(log).is_ok_and(|text| text.contains("sessions_pruned"))
}

pub fn latch_now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |since| since.as_secs() as i64)
}

/// Whether the answer came with `expected`; its body read to the end either way.
pub async fn ok(answer: reqwest::Result<reqwest::Response>, expected: StatusCode) -> bool {
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
    let (client, url, bearer) =
        (target.client.clone(), target.url("/auth/me"), Arc::new(target.bearer(Shape::ADMIN + 100)));
    let me = move |_| {
        let request = client.get(&url).header("authorization", bearer.as_str());
        async move { ok(request.send().await, StatusCode::OK).await }
    };
    let log = target.log.clone();
    let during = run_while(4, me.clone(), move |_| !pruned(&log)).await;
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

/// The attacked account's export: its time, its size, and how much the server's resident
/// memory rose while it was made (sampled every 2 ms).
pub async fn export(target: &Target) -> serde_json::Value {
    let memory = MemoryWatch::start(target.pid, Duration::from_millis(2));
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
    let (before, peak) = memory.stop().await;
    serde_json::json!({
        "name": "GET /auth/export, the attacked account", "ok": good, "bytes": bytes, "seconds": seconds,
        "resident_kib_before": before, "resident_kib_peak": peak, "resident_kib_rise": peak.saturating_sub(before),
    })
}

/// A process's resident memory, sampled in the background from [`MemoryWatch::start`] to
/// [`MemoryWatch::stop`]: its value at the start and the highest seen.
pub struct MemoryWatch {
    before: u64,
    peak: Arc<AtomicU64>,
    watching: Arc<AtomicBool>,
    sampler: tokio::task::JoinHandle<()>,
}

impl MemoryWatch {
    pub fn start(pid: u32, every: Duration) -> Self {
        let before = resident_kib(pid);
        let peak = Arc::new(AtomicU64::new(before));
        let watching = Arc::new(AtomicBool::new(true));
        let sampler = {
            let (peak, watching) = (peak.clone(), watching.clone());
            tokio::spawn(async move {
                while watching.load(Ordering::Relaxed) {
                    peak.fetch_max(resident_kib(pid), Ordering::Relaxed);
                    tokio::time::sleep(every).await;
                }
            })
        };
        Self { before, peak, watching, sampler }
    }

    /// The resident memory at the start and the highest sampled, in KiB.
    pub async fn stop(self) -> (u64, u64) {
        self.watching.store(false, Ordering::Relaxed);
        let _ = self.sampler.await;
        (self.before, self.peak.load(Ordering::Relaxed))
    }
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

/// The process's first Prometheus scrape: it counts the live sessions while the scraper
/// waits (later scrapes answer the last count, and count again in the background once it is
/// a minute old).
pub async fn first_scrape(target: &Target) -> serde_json::Value {
    let url = format!("{}/metrics", target.metrics_base);
    target.get_with(url, "accept", "text/plain".into(), 1, 1).await.json("GET /metrics, the process's first scrape")
}
