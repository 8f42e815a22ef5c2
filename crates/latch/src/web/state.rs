//! What every handler can reach. axum clones the whole state for every request, so it is one
//! `Arc`: a clone is one reference count, not a copy of Leptos' options (a dozen strings) and
//! of every handle in the account service. Handlers take the part they need (`State<Db>`,
//! `State<AuthService>`, ...), cloned from behind the `Arc`.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use super::{config::Config, cookie::AuthCookie, db::Db};
use crate::auth::server::service::AuthService;

/// What every handler and server function reaches: cheap to clone.
#[derive(Clone)]
pub struct AppState(Arc<StateParts>);

/// The parts of the state, each reachable as `state.part` through `Deref`.
pub struct StateParts {
    /// Leptos' options, for rendering pages.
    pub leptos_options: LeptosOptions,
    /// The database.
    pub db: Db,
    /// The configuration.
    pub config: Arc<Config>,
    /// The account service.
    pub auth: AuthService,
    /// The session cookie.
    pub cookie: AuthCookie,
}

impl AppState {
    /// The state made of `parts`.
    pub fn new(parts: StateParts) -> Self {
        Self(Arc::new(parts))
    }
}

impl std::ops::Deref for AppState {
    type Target = StateParts;

    fn deref(&self) -> &StateParts {
        &self.0
    }
}

/// `State<T>` for each part, as `#[derive(FromRef)]` would give a plain struct.
macro_rules! part_from_state {
    ($($field:ident: $type:ty),* $(,)?) => {
        $(impl FromRef<AppState> for $type {
            fn from_ref(state: &AppState) -> Self {
                state.$field.clone()
            }
        })*
    };
}

part_from_state!(leptos_options: LeptosOptions, db: Db, config: Arc<Config>, auth: AuthService, cookie: AuthCookie);
