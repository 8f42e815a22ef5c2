//! What every handler can reach. Cloned per request, so everything inside is cheap to clone.

use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use super::{config::Config, cookie::AuthCookie, db::Db};
use crate::auth::server::service::AuthService;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub config: std::sync::Arc<Config>,
    pub auth: AuthService,
    pub cookie: AuthCookie,
}
