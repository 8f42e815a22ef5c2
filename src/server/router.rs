//! The whole HTTP surface, assembled in one place so tests can serve exactly what `main` serves.

use std::time::Duration;

use axum::{body::Body, http::Request, response::Response, routing::get, Router};
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::{
    services::ServeDir,
    trace::{DefaultOnRequest, TraceLayer},
};
use tower_cookies::CookieManagerLayer;
use tracing::Level;

use super::{health, state::AppState};
use crate::app::{shell, App};

pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let pkg_dir = state.leptos_options.site_root.as_ref().to_owned() + "/pkg";
    let leptos_options = state.leptos_options.clone();
    // Server functions reach the pool and config through this context.
    let context = {
        let state = state.clone();
        move || provide_context(state.clone())
    };

    Router::new()
        .route("/healthz", get(health::healthz))
        .merge(crate::api::routes())
        // cargo-leptos writes brotli and gzip copies beside each file in release.
        .nest_service("/pkg", ServeDir::new(pkg_dir).precompressed_br().precompressed_gzip())
        .leptos_routes_with_context(&state, routes, context, move || shell(leptos_options.clone()))
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(CookieManagerLayer::new())
        .layer(request_log())
        .with_state(state)
}

/// One readable line per request: method, path, status, latency.
fn request_log() -> TraceLayer<
    tower_http::classify::SharedClassifier<tower_http::classify::ServerErrorsAsFailures>,
    fn(&Request<Body>) -> tracing::Span,
    DefaultOnRequest,
    fn(&Response, Duration, &tracing::Span),
> {
    TraceLayer::new_for_http()
        .make_span_with(request_span as fn(&Request<Body>) -> tracing::Span)
        .on_request(DefaultOnRequest::new().level(Level::DEBUG))
        .on_response(log_response as fn(&Response, Duration, &tracing::Span))
}

/// The path only: query strings can carry `next=` values and never need logging.
fn request_span(request: &Request<Body>) -> tracing::Span {
    tracing::info_span!("http", method = %request.method(), path = %request.uri().path())
}

fn log_response(response: &Response, latency: Duration, _span: &tracing::Span) {
    tracing::info!(status = response.status().as_u16(), latency_ms = format!("{:.2}", latency.as_secs_f64() * 1e3), "served");
}
