//! Memory under a crowd of sessions: every generated account's live token presented once,
//! with the server's resident memory watched (its caches must hold no more than their limits
//! say, whatever the number of tokens).

use std::sync::Arc;
use std::time::Duration;

use reqwest::StatusCode;

use super::probe::{latch_now, resident_kib, MemoryWatch, Target};
use super::shape::Shape;
use super::timing::run_while;

/// Every account's live token once (up to `limit`; not those the administrator disabled,
/// whose sessions ended), 16 at a time; the resident memory
/// before, at its highest and after.
pub async fn distinct_tokens(target: &Target, limit: i64) -> serde_json::Value {
    let memory = MemoryWatch::start(target.pid, Duration::from_millis(50));
    let shape = target.shape;
    let accounts: Arc<Vec<i64>> =
        Arc::new((1..=shape.accounts.min(limit)).filter(|id| !shape.is_to_disable(*id)).collect());
    let count = accounts.len();
    let (client, url, keys) = (target.client.clone(), format!("{}/auth/me", target.base), target.keys.clone());
    let now = latch_now();
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
    let (before, peak) = memory.stop().await;
    let mut line = timings.json("/auth/me, every account's token once");
    line["resident_kib_before"] = before.into();
    line["resident_kib_peak"] = peak.into();
    line["resident_kib_after"] = resident_kib(target.pid).into();
    line
}
