//! The JSON API for programs, compatible with the FastAPI service Latch replaces. Thin
//! handlers over `auth::server::service`; the rules live there, not here. This door owns its
//! error answer (`error`) and its extractors (`extract`).

mod account;
mod accounts;
pub mod error;
mod extract;
mod json;
mod openapi;
mod schema;

use axum::{
    routing::{delete, get, post},
    Router,
};

use crate::web::state::AppState;

pub const SIGNUP: &str = "/auth/signup";
pub const LOGIN: &str = "/auth/login";
pub const TOKEN: &str = "/token";

/// The routes that take a password: the CSRF check refuses them cross-site even without a
/// cookie (login CSRF). Named once, here, beside the routes themselves.
pub const CREDENTIAL_PATHS: [&str; 3] = [SIGNUP, LOGIN, TOKEN];

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(SIGNUP, post(accounts::signup))
        .route(LOGIN, post(accounts::login))
        .route("/auth/me", get(accounts::me))
        .route("/auth/logout", post(accounts::logout_post))
        .route(TOKEN, post(accounts::token))
        .route("/protected", get(accounts::protected))
        .route("/logout", delete(accounts::logout))
        .route("/auth/sessions", get(account::sessions))
        .route("/auth/sessions/revoke-others", post(account::revoke_other_sessions))
        .route("/auth/sessions/{id}", delete(account::revoke_session))
        .route("/auth/password", post(account::change_password))
        .route("/auth/events", get(account::events))
        .route("/auth/export", get(account::export))
        .route("/auth/account", delete(account::delete_account))
        .route("/openapi.json", get(openapi::document))
}
