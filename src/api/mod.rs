//! The JSON API for programs, compatible with the FastAPI service Latch replaces. Thin
//! handlers over `auth::service`; the rules live there, not here.

mod accounts;
mod json;
mod openapi;
mod schema;

use axum::{
    http::{header::CACHE_CONTROL, HeaderValue},
    routing::{delete, get, post},
    Router,
};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::server::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/auth/signup", post(accounts::signup))
        .route("/auth/login", post(accounts::login))
        .route("/auth/me", get(accounts::me))
        .route("/auth/logout", post(accounts::logout_post))
        .route("/token", post(accounts::token))
        .route("/protected", get(accounts::protected))
        .route("/logout", delete(accounts::logout))
        // Every answer here carries or depends on a token: never cached.
        .layer(SetResponseHeaderLayer::overriding(CACHE_CONTROL, HeaderValue::from_static("no-store")))
        .route("/openapi.json", get(openapi::document))
}
