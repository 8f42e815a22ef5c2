//! Everything about accounts. What both targets compile (the profile the browser may see,
//! validation, the error type) sits here; the rules, which only the server compiles, sit in
//! `server/`, behind this one gate.

pub mod account;
pub mod email_sign_in;
pub mod error;
pub mod field_error;
pub mod lookalike;
pub mod next_page;
pub mod signup_fields;
pub mod validate;

#[cfg(feature = "ssr")]
pub mod server;

use serde::{Deserialize, Serialize};

/// What the browser may know about an account. No password hash field exists to leak.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct UserProfile {
    /// The account's id, stable for its life.
    pub id: i64,
    /// The account's address, lower-cased.
    pub email: String,
    /// The name the account shows.
    pub username: String,
    /// Unix seconds, UTC.
    pub created_at: i64,
    /// Whether the owner has proven the address (opened the verification link): what the
    /// verified-address page guard (`client::guard::RequireVerified`) decides on.
    pub email_verified: bool,
    /// The roles it holds (`admin`, the application's own), sorted: what the role guard
    /// (`client::guard::RequireRole`) decides on. The server's guards decide what is done.
    #[serde(default)]
    pub roles: Vec<String>,
}
