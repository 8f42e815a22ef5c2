//! The hot path under load: `/auth/me` as fast as 32 connections ask, and then every
//! generated account's live token presented once, with the server's resident memory watched
//! (its caches must hold no more than their limits say, whatever the number of tokens).

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::StatusCode;

use super::probe::{resident_kib, Target};
use super::shape::Shape;
use super::timing::run_while;

/// 32 connections on `/auth/me` of 32 warm sessions for 5 s.
pub async fn throughput(target: &Target) -> serde_json::Value {
    let tokens: Arc<Vec<String>> = Arc::new((0..32).map(|k| target.bearer(target.shape.ordinary(100 + k))).collect());
    let (client, url) = (target.client.clone(), format!("{}/auth/me", target.base));
    let until = Instant::now() + Duration::from_secs(5);
    let timings = run_while(
        32,
        move |index| {
            let request = client.get(&url).header("authorization", &tokens[index % tokens.len()]);
            async move { request.send().await.is_ok_and(|answer| answer.status() == StatusCode::OK) }
        },
        move |_| Instant::now() < until,
    )
    .await;
    timings.json("/auth/me, 32 connections for 5 s")
}

/// Every account's live token once (up to `limit`; not those the administrator disabled,
/// whose sessions ended), 16 at a time; the resident memory
/// before, at its highest and after.
pub async fn distinct_tokens(target: &Target, limit: i64) -> serde_json::Value {
    let accounts = target.shape.accounts.min(limit);
    let before = resident_kib(target.pid);
    let peak = Arc::new(AtomicU64::new(before));
    let watching = Arc::new(AtomicBool::new(true));
    let watcher = {
        let (peak, watching, pid) = (peak.clone(), watching.clone(), target.pid);
        tokio::spawn(async move {
            while watching.load(Ordering::Relaxed) {
                peak.fetch_max(resident_kib(pid), Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        })
    };
    let shape = target.shape;
    let accounts: Arc<Vec<i64>> = Arc::new((1..=accounts).filter(|id| !shape.is_to_disable(*id)).collect());
    let count = accounts.len();
    let (client, url, keys) = (target.client.clone(), format!("{}/auth/me", target.base), target.keys.clone());
    let now =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |since| since.as_secs() as i64);
    let timings = run_while(
        16,
        move |index| {
            let id = accounts[index];
            let token = keys.issue(id, &Shape::live_session(id), now).unwrap_or_default();
            let request = client.get(&url).header("authorization", format!("Bearer {token}"));
            async move { request.send().await.is_ok_and(|answer| answer.status() == StatusCode::OK) }
        },
        move |index| index < count,
    )
    .await;
    watching.store(false, Ordering::Relaxed);
    let _ = watcher.await;
    let mut line = timings.json("/auth/me, every account's token once");
    line["resident_kib_before"] = before.into();
    line["resident_kib_peak"] = peak.load(Ordering::Relaxed).into();
    line["resident_kib_after"] = resident_kib(target.pid).into();
    line
}
