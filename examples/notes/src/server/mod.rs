//! What only Notes' server runs: its table (`store`), its part in Latch's account changes
//! (`hooks`) and its JSON routes for programs (`api`).

pub mod api;
pub mod hooks;
pub mod store;

use latch::{auth::error::AuthError, auth::server::store::Db, web::state::AppState};
use leptos::prelude::use_context;

/// The database, inside a server function.
pub fn db() -> Result<Db, AuthError> {
    use_context::<AppState>().map(|state| state.db.clone()).ok_or(AuthError::Internal)
}
