//! `GET /metrics` in Prometheus' text format, on its own address (`METRICS_ADDR`, off by
//! default), never on the public one. Requests by route and status with their latency, the
//! account events the rules count (`latch_logins_total{outcome}`, `latch_signups_total`), and,
//! read when scraped: the hash queue, the database pool and the live sessions (counted at
//! most once a minute: see `LiveCount`).
//!
//! Without `METRICS_ADDR` no recorder is installed: the counters in the account rules are
//! no-ops and the request layer is not added, so the hot path pays nothing.

use std::{
    net::SocketAddr,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use axum::{
    extract::{MatchedPath, Request, State},
    middleware::Next,
    response::{IntoResponse, Response},
    routing::get,
    Router,
};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use tokio::net::TcpListener;

use crate::auth::server::service::AuthService;

/// Latency buckets, in seconds: from a cached `/auth/me` (well under a millisecond) to a
/// login waiting for the hash queue (seconds).
const LATENCY_BUCKETS: &[f64] = &[0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0];

/// Installs the process-wide recorder. Once per process: a second call (a second app in one
/// test binary) gets `None`, and that app serves no metrics.
pub fn install() -> Option<PrometheusHandle> {
    PrometheusBuilder::new()
        .set_buckets_for_metric(Matcher::Full("latch_http_request_duration_seconds".into()), LATENCY_BUCKETS)
        .ok()?
        .install_recorder()
        .ok()
}

/// Counts each request under its route pattern (`/auth/sessions/{id}`, never the id itself,
/// so the label set stays small) and its status.
pub async fn count_request(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let route = request.extensions().get::<MatchedPath>().map_or("unrouted", MatchedPath::as_str).to_owned();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::histogram!("latch_http_request_duration_seconds", "route" => route.clone())
        .record(started.elapsed().as_secs_f64());
    metrics::counter!("latch_http_requests_total", "route" => route, "status" => status).increment(1);
    response
}

#[derive(Clone)]
struct Scrape {
    handle: PrometheusHandle,
    auth: AuthService,
    live: LiveCount,
}

/// How old the live sessions' count may be before a scrape asks for a new one.
const RECOUNT_AFTER: Duration = Duration::from_secs(60);

/// The live sessions' count, from the database at most once a [`RECOUNT_AFTER`]: counting
/// reads an index entry per live session (220 ms a scrape at a million accounts on SQLite,
/// 0.75 ms at a thousand), too much for every scrape of every instance. The first scrape
/// waits for its count; a later one past the minute starts a new count in the background
/// and answers the last.
#[derive(Clone, Default)]
struct LiveCount(Arc<Mutex<Counted>>);

#[derive(Default)]
struct Counted {
    value: Option<i64>,
    at: Option<Instant>,
    counting: bool,
}

impl LiveCount {
    fn lock(&self) -> std::sync::MutexGuard<'_, Counted> {
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    async fn current(&self, auth: &AuthService) -> Option<i64> {
        let (value, stale) = {
            let mut counted = self.lock();
            let stale = counted.at.is_none_or(|at| at.elapsed() >= RECOUNT_AFTER) && !counted.counting;
            counted.counting |= stale;
            (counted.value, stale)
        };
        match (value, stale) {
            (None, true) => self.count(auth).await,
            (Some(_), true) => {
                let (live, auth) = (self.clone(), auth.clone());
                tokio::spawn(async move { live.count(&auth).await });
                value
            }
            (_, false) => value,
        }
    }

    /// Counts now; a failure keeps the last count and tries again a minute later.
    async fn count(&self, auth: &AuthService) -> Option<i64> {
        let counted = auth.live_sessions().await;
        let mut state = self.lock();
        state.counting = false;
        state.at = Some(Instant::now());
        match counted {
            Ok(live) => state.value = Some(live),
            Err(error) => tracing::warn!(%error, "metrics: cannot count live sessions"),
        }
        state.value
    }
}

/// Binds `addr` and serves `GET /metrics` until the task is aborted.
pub async fn serve(addr: SocketAddr, handle: PrometheusHandle, auth: AuthService) -> std::io::Result<()> {
    let listener = TcpListener::bind(addr).await?;
    tracing::info!("metrics on http://{}/metrics", listener.local_addr()?);
    let app =
        Router::new().route("/metrics", get(render)).with_state(Scrape { handle, auth, live: LiveCount::default() });
    axum::serve(listener, app).await
}

async fn render(State(scrape): State<Scrape>) -> impl IntoResponse {
    let auth = &scrape.auth;
    metrics::gauge!("latch_hash_queue_depth").set(auth.hasher().queued() as f64);
    let (open, idle) = auth.db().pool_use();
    metrics::gauge!("latch_db_connections", "state" => "open").set(f64::from(open));
    metrics::gauge!("latch_db_connections", "state" => "idle").set(idle as f64);
    if let Some(live) = scrape.live.current(auth).await {
        metrics::gauge!("latch_sessions_live").set(live as f64);
    }
    ([(axum::http::header::CONTENT_TYPE, "text/plain; version=0.0.4")], scrape.handle.render())
}
