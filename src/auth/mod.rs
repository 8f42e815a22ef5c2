//! Everything about accounts. What both targets compile (wire types, validation, errors,
//! server function declarations) comes first; server-only modules are declared behind `ssr`.

pub mod error;
pub mod server_fns;
pub mod validate;

#[cfg(feature = "ssr")]
pub mod common_passwords;
#[cfg(feature = "ssr")]
pub mod cookie;
#[cfg(feature = "ssr")]
pub mod door;
#[cfg(feature = "ssr")]
pub mod extract;
#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod session_cache;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod throttle;
#[cfg(feature = "ssr")]
pub mod token;

use serde::{Deserialize, Serialize};

/// What the browser may know about an account. No password hash field exists to leak.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserProfile {
    pub id: i64,
    pub email: String,
    pub username: String,
    /// Unix seconds, UTC.
    pub created_at: i64,
}

#[cfg(feature = "ssr")]
impl From<&store::User> for UserProfile {
    fn from(user: &store::User) -> Self {
        Self { id: user.id, email: user.email.clone(), username: user.username.clone(), created_at: user.created_at }
    }
}
