//! Timing requests: a set of them run with a few in flight at once, each one's time kept, and
//! the median and 99th percentile of those.

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;

/// What one cost measured: how many, how long, how many answered other than expected.
#[derive(Default)]
pub struct Timings {
    pub millis: Vec<f64>,
    pub failures: usize,
    pub seconds: f64,
}

impl Timings {
    pub fn percentile(&self, share: f64) -> f64 {
        let mut sorted = self.millis.clone();
        sorted.sort_by(f64::total_cmp);
        match sorted.len() {
            0 => f64::NAN,
            len => sorted[((len as f64 * share).ceil() as usize).clamp(1, len) - 1],
        }
    }

    /// Adds another round's requests of the same cost.
    pub fn add(&mut self, round: Timings) {
        self.millis.extend(round.millis);
        self.failures += round.failures;
        self.seconds += round.seconds;
    }

    pub fn json(&self, name: &str) -> serde_json::Value {
        serde_json::json!({
            "name": name, "requests": self.millis.len(), "failures": self.failures,
            "p50_ms": self.percentile(0.50), "p99_ms": self.percentile(0.99),
            "per_second": self.millis.len() as f64 / self.seconds,
        })
    }
}

/// Runs `request(0)`, `request(1)`, … `request(count - 1)`, `in_flight` at a time; each
/// answers whether it got what it should.
pub async fn run<F, Fut>(count: usize, in_flight: usize, request: F) -> Timings
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = bool> + Send,
{
    run_while(in_flight, request, move |index| index < count).await
}

/// Runs `request(0)`, `request(1)`, … `in_flight` at a time, while `go_on` says so of the
/// next index.
pub async fn run_while<F, Fut, C>(in_flight: usize, request: F, go_on: C) -> Timings
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = bool> + Send,
    C: Fn(usize) -> bool + Send + Sync + 'static,
{
    let (request, go_on) = (Arc::new(request), Arc::new(go_on));
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..in_flight)
        .map(|_| {
            let (request, go_on, next) = (request.clone(), go_on.clone(), next.clone());
            tokio::spawn(async move {
                let mut mine = (Vec::new(), 0);
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    if !go_on(index) {
                        return mine;
                    }
                    let sent = Instant::now();
                    let good = request(index).await;
                    mine.0.push(sent.elapsed().as_secs_f64() * 1e3);
                    mine.1 += usize::from(!good);
                }
            })
        })
        .collect();
    let mut timings = Timings { millis: Vec::new(), failures: 0, seconds: 0.0 };
    for worker in workers {
        let (millis, failures) = worker.await.unwrap_or_default();
        timings.millis.extend(millis);
        timings.failures += failures;
    }
    timings.seconds = started.elapsed().as_secs_f64();
    timings
}
