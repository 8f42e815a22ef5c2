//! Guards for an application's own server functions: call one first, and the function goes
//! on only for a caller who passes. A refusal is the function's own error: `Unauthenticated`
//! (answered 401) for a caller who is not signed in, `EmailNotVerified` (403) for one whose
//! address is not proven yet. The browser reads it like any of Latch's answers.
//!
//! ```no_run
//! use latch::{auth::error::AuthError, server_fns::guard};
//! use leptos::prelude::*;
//!
//! #[server(prefix = "/api/notes", endpoint = "count")]
//! pub async fn count_my_notes() -> Result<i64, AuthError> {
//!     let caller = guard::require_signed_in().await?;
//!     Ok(caller.id()) // a real product would count the notes of `caller.id()`
//! }
//! ```

use super::call::ServerFnCall;
use crate::auth::{
    error::AuthError,
    server::service::{AuthUser, Policy},
};

/// Who is signed in (session cookie or bearer token), if anyone. A bad, expired or revoked
/// token is nobody, not an error: the error is kept for the server failing to answer.
pub async fn current_user() -> Result<Option<AuthUser>, AuthError> {
    ServerFnCall::current()?.signed_in().await
}

/// The signed-in caller, or `Unauthenticated`.
pub async fn require_signed_in() -> Result<AuthUser, AuthError> {
    current_user().await?.ok_or(AuthError::Unauthenticated)
}

/// The signed-in caller whose address is proven; `Unauthenticated` or `EmailNotVerified`.
pub async fn require_verified() -> Result<AuthUser, AuthError> {
    let caller = require_signed_in().await?;
    match caller.email_verified() {
        true => Ok(caller),
        false => Err(AuthError::EmailNotVerified),
    }
}

/// The signed-in caller whose session proved its owner within the sudo window (at sign-in,
/// or again on `/reauthenticate`); `Unauthenticated` or `ReauthenticationRequired`. For the
/// dangerous part of an application: its page sends the person to `/reauthenticate?next=…`
/// (`client::guard::RequireRecentAuthentication`).
pub async fn require_recent_authentication() -> Result<AuthUser, AuthError> {
    let call = ServerFnCall::current()?;
    let caller = call.signed_in_or_refuse().await?;
    match call.state.auth.recently_authenticated(&caller).await? {
        true => Ok(caller),
        false => Err(AuthError::ReauthenticationRequired),
    }
}

/// The signed-in caller holding `role` (`admin`, or one the application declares);
/// `Unauthenticated` or `Forbidden`.
pub async fn require_role(role: &str) -> Result<AuthUser, AuthError> {
    let caller = require_signed_in().await?;
    match caller.has_role(role) {
        true => Ok(caller),
        false => Err(AuthError::Forbidden),
    }
}

/// The signed-in caller the application's policy `P` allows; `Unauthenticated` or `Forbidden`.
pub async fn require_allowed<P: Policy>() -> Result<AuthUser, AuthError> {
    let caller = require_signed_in().await?;
    match P::allows(&caller) {
        true => Ok(caller),
        false => Err(AuthError::Forbidden),
    }
}
