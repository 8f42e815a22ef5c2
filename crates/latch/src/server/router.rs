//! The whole HTTP surface, assembled in one place so tests serve exactly what `main` serves.

use std::{any::Any, convert::Infallible, time::Duration};

use axum::{
    body::Body,
    http::{header::CONTENT_SECURITY_POLICY, HeaderValue, Request, StatusCode},
    middleware,
    response::{IntoResponse, Response},
    routing::get,
    Json, Router,
};
use leptos::{nonce::use_nonce, prelude::*};
use leptos_axum::{generate_route_list_with_exclusions, LeptosRoutes, ResponseOptions};
use tower::{util::BoxCloneSyncService, Service, ServiceBuilder};
use tower_cookies::CookieManagerLayer;
use tower_http::{catch_panic::CatchPanicLayer, timeout::TimeoutLayer};

use super::{
    assets, health,
    logging::access_log,
    metrics,
    middleware::{body_limit, csrf, headers, server_fn_errors},
    site::Site,
};
use crate::{
    server_fns::{current_user_route, page_data},
    web::{config::Environment, state::AppState},
};

/// A request still running after this is answered 408 and dropped.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);

/// The application `S`'s pages, the JSON API, the server functions and every layer around them.
pub fn router<S: Site>(state: AppState, assets: assets::Assets) -> HttpService {
    // The browser's "who is signed in" is served by its own handler (see `current_user_route`),
    // so Leptos must not mount its server function at the same path.
    let routes = generate_route_list_with_exclusions(S::app, Some(vec![current_user_route::PATH.to_owned()]));
    let leptos_options = state.leptos_options.clone();
    let development = state.config.environment == Environment::Development;
    // Over https (or in production, which is always behind TLS), browsers are told to never
    // try plain http again for a year.
    let header_policy = headers::HeaderPolicy {
        strict_transport: !development || state.config.public_origin.starts_with("https://"),
        development,
    };
    let csrf_policy = csrf::CsrfPolicy::new(&state.config.public_origin, state.cookie);
    // Per request: server functions reach the state here, and a page gets a CSP naming the
    // nonce Leptos put on its hydration script.
    let context = {
        let state = state.clone();
        move || {
            provide_context(state.clone());
            if let (Some(nonce), Some(response)) = (use_nonce(), use_context::<ResponseOptions>()) {
                if let Ok(policy) = HeaderValue::from_str(&headers::page_csp(&nonce, development)) {
                    response.insert_header(CONTENT_SECURITY_POLICY, policy);
                }
            }
        }
    };

    // The pages (and the server functions Leptos mounts beside them): a page request gets what
    // it shows of the signed-in person loaded first (`page_data`).
    // The same pages without the step that loads the signed-in person's data: an
    // administrator's read-only view puts the person's in instead (`admin::view_as`).
    let view_pages: Router = {
        let options = leptos_options.clone();
        Router::new()
            .leptos_routes_with_context(&state, routes.clone(), context.clone(), move || S::shell(options.clone()))
            .with_state(state.clone())
    };
    let pages = Router::new()
        .leptos_routes_with_context(&state, routes, context.clone(), move || S::shell(leptos_options.clone()))
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(context, S::shell))
        .layer(middleware::from_fn_with_state(state.clone(), page_data::preload));

    let app = Router::new();
    // The outbox, readable in development only: in production it is an unknown path (404).
    let app = if state.config.serves_dev_pages() {
        app.route(crate::mail::dev_page::PATH, get(crate::mail::dev_page::list))
    } else {
        app
    };
    let app = app
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route(current_user_route::PATH, get(current_user_route::current_user))
        .merge(crate::api::routes())
        .merge(super::admin::routes())
        .merge(super::providers::routes())
        .route(
            super::admin::VIEW_PAGES,
            get(move |state, console, path| super::admin::view_as::show(view_pages.clone(), state, console, path)),
        )
        .merge(S::routes())
        .route("/pkg/{file}", get(assets::serve).with_state(assets))
        .route(super::passkeys_script::PATH, get(super::passkeys_script::serve))
        .route(super::language::PATH, axum::routing::post(super::language::choose))
        .merge(pages);
    // Inside the router, where the matched route is known: it labels the counts. Added only
    // when metrics are served: otherwise the hot path does not pay for counting.
    let app =
        if state.config.metrics_addr.is_some() { app.layer(middleware::from_fn(metrics::count_request)) } else { app };
    let app = app.with_state(state);
    // Every other layer wraps the finished router once: `Router::layer` wraps each route
    // apart, and a middleware clones what it wraps on every request, so each layer added per
    // route is a clone of the rest of the stack per request. Outermost first: the request id,
    // so the request log's span can name it.
    let inside = ServiceBuilder::new()
        .layer(middleware::from_fn(server_fn_errors::give_server_fn_errors_their_status))
        .layer(CookieManagerLayer::new())
        // Inside the cookie layer: it needs to see whether the request carries our cookie.
        .layer(middleware::from_fn_with_state(csrf_policy, csrf::refuse_cross_site))
        .service(app);
    let service = ServiceBuilder::new()
        .layer(middleware::from_fn(access_log::identify_and_log))
        .service(harden(inside, header_policy));
    HttpService::new(service)
}

/// The whole application as one service, cheap to clone for each connection and request.
pub type HttpService = BoxCloneSyncService<Request<Body>, Response, Infallible>;

/// The layers that hold for every route, whatever it is: limits, headers, and a panic that
/// becomes a logged 500 instead of a dropped connection.
pub fn harden<S>(inner: S, header_policy: headers::HeaderPolicy) -> HttpService
where
    S: Service<Request<Body>, Response = Response, Error = Infallible> + Clone + Send + Sync + 'static,
    S::Future: Send + 'static,
{
    let service = ServiceBuilder::new()
        .layer(middleware::from_fn_with_state(header_policy, headers::security_headers))
        .map_response(IntoResponse::into_response)
        .layer(CatchPanicLayer::custom(panic_response))
        .map_response(IntoResponse::into_response)
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, REQUEST_TIMEOUT))
        .map_response(IntoResponse::into_response)
        .layer(middleware::from_fn(body_limit::refuse_large_bodies))
        .service(inner);
    HttpService::new(service)
}

fn panic_response(panic: Box<dyn Any + Send + 'static>) -> Response {
    let message = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned());
    tracing::error!(panic = %message, "a handler panicked");
    let body = serde_json::json!({ "detail": "Internal Server Error", "code": "internal" });
    (StatusCode::INTERNAL_SERVER_ERROR, Json(body)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower::ServiceExt;

    fn harden_for_test(router: Router) -> HttpService {
        harden(router, headers::HeaderPolicy { strict_transport: false, development: true })
    }

    #[tokio::test]
    async fn a_panicking_handler_becomes_a_500_with_a_json_body() {
        let app = harden_for_test(Router::new().route(
            "/boom",
            get(|| async {
                panic!("boom");
                #[allow(unreachable_code)]
                ""
            }),
        ));
        let response = app.oneshot(Request::get("/boom").body(Body::empty()).unwrap()).await.unwrap();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(response.headers()["x-content-type-options"], "nosniff");
        let body = axum::body::to_bytes(response.into_body(), 1024).await.unwrap();
        assert_eq!(&body[..], br#"{"code":"internal","detail":"Internal Server Error"}"#);
    }

    #[tokio::test]
    async fn a_page_that_lost_its_policy_gets_it_back_from_its_nonce_and_anything_else_is_locked_down() {
        let page = || async {
            (
                [(axum::http::header::CONTENT_TYPE, "text/html; charset=utf-8")],
                r#"<head><script nonce="bm9uY2Utb2YtdGhpcy1wYWdl">h()</script></head>"#,
            )
        };
        let app = harden_for_test(Router::new().route("/page", get(page)).route("/json", get(|| async { Json(1) })));
        let answer = app.clone().oneshot(Request::get("/page").body(Body::empty()).unwrap()).await.unwrap();
        let policy = answer.headers()[CONTENT_SECURITY_POLICY].to_str().unwrap().to_owned();
        assert!(policy.contains("script-src 'self' 'nonce-bm9uY2Utb2YtdGhpcy1wYWdl'"), "{policy}");
        let body = axum::body::to_bytes(answer.into_body(), 1024).await.unwrap();
        assert!(body.starts_with(b"<head><script nonce="), "the page itself is unchanged");
        let answer = app.oneshot(Request::get("/json").body(Body::empty()).unwrap()).await.unwrap();
        assert!(answer.headers()[CONTENT_SECURITY_POLICY].to_str().unwrap().starts_with("default-src 'none'"));
    }

    #[tokio::test]
    async fn a_body_over_the_limit_is_refused_with_413() {
        let app =
            harden_for_test(Router::new().route("/echo", axum::routing::post(|body: String| async move { body })));
        let big = "x".repeat(body_limit::BODY_LIMIT_BYTES + 1);
        let response = app.oneshot(Request::post("/echo").body(Body::from(big)).unwrap()).await.unwrap();
        assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    }
}
