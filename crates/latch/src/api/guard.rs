//! Guards for an application's own JSON routes: take one as an argument of the handler and it
//! runs only for a caller who passes. A caller who presented nothing, or a token that is bad,
//! expired or revoked, is answered 401 (with `WWW-Authenticate: Bearer`); a signed-in caller
//! who is not allowed, 403 with a stable `code`. Both in the API's error shape. `Allowed<P>`
//! is the place for an application's own rules (roles, plans): a [`Policy`] of its own.
//!
//! ```no_run
//! use axum::{routing::get, Json, Router};
//! use latch::{api::guard::{SignedIn, Verified}, web::state::AppState};
//!
//! async fn my_notes(SignedIn(caller): SignedIn) -> Json<Vec<String>> {
//!     Json(vec![format!("notes of account {}", caller.id())])
//! }
//!
//! async fn publish(Verified(caller): Verified) -> &'static str {
//!     let _ = caller.email();
//!     "published"
//! }
//!
//! fn routes() -> Router<AppState> {
//!     Router::new().route("/notes", get(my_notes)).route("/notes/publish", axum::routing::post(publish))
//! }
//! ```

use std::marker::PhantomData;

use axum::{extract::FromRequestParts, http::request::Parts};

use super::error::ApiError;
use crate::{
    auth::{
        error::AuthError,
        server::service::{AuthUser, HoldsRole, Policy, Role},
    },
    web::state::AppState,
};

/// The signed-in caller, by bearer token or session cookie. 401 otherwise.
pub struct SignedIn(pub AuthUser);

/// A signed-in caller whose email address is proven (the verification link was opened). 401
/// as [`SignedIn`]; 403 `email_not_verified` for a caller who has not proven it yet.
pub struct Verified(pub AuthUser);

/// A signed-in caller whose session proved its owner within the sudo window
/// (`auth::server::sessions::sudo::SUDO_WINDOW`): at sign-in, or again with
/// `POST /auth/reauthenticate`. 401 as [`SignedIn`]; 403 `reauthentication_required` past it.
pub struct RecentlyAuthenticated(pub AuthUser);

impl FromRequestParts<AppState> for RecentlyAuthenticated {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let SignedIn(caller) = SignedIn::from_request_parts(parts, state).await?;
        match state.auth.recently_authenticated(&caller).await? {
            true => Ok(Self(caller)),
            false => Err(ApiError::Auth(AuthError::ReauthenticationRequired)),
        }
    }
}

/// A signed-in caller holding the role `R` (`admin`, or one the application declares). 401
/// as [`SignedIn`]; 403 `forbidden` for a caller without it. The role is read with the
/// session, so the guard costs no query. The same guard as `Allowed<HoldsRole<R>>`.
pub struct HasRole<R: Role>(pub AuthUser, pub PhantomData<R>);

impl<R: Role> FromRequestParts<AppState> for HasRole<R> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let Allowed(caller, _) = Allowed::<HoldsRole<R>>::from_request_parts(parts, state).await?;
        Ok(Self(caller, PhantomData))
    }
}

/// A signed-in caller the application's policy `P` allows. 401 as [`SignedIn`]; 403
/// `forbidden` for a caller `P` does not allow.
pub struct Allowed<P: Policy>(pub AuthUser, pub PhantomData<P>);

impl<P: Policy> FromRequestParts<AppState> for Allowed<P> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let SignedIn(caller) = SignedIn::from_request_parts(parts, state).await?;
        match P::allows(&caller) {
            true => Ok(Self(caller, PhantomData)),
            false => Err(ApiError::Auth(AuthError::Forbidden)),
        }
    }
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        AuthUser::from_request_parts(parts, state).await.map(Self)
    }
}

impl FromRequestParts<AppState> for Verified {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let SignedIn(caller) = SignedIn::from_request_parts(parts, state).await?;
        match caller.email_verified() {
            true => Ok(Self(caller)),
            false => Err(ApiError::Auth(AuthError::EmailNotVerified)),
        }
    }
}
