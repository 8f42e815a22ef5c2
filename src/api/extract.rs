//! The JSON door's extractors: who is calling, and from where. They reject with the API's own
//! answer shape; the rules below them know nothing of it.

use std::net::IpAddr;

use axum::{extract::FromRequestParts, http::request::Parts};
use tower_cookies::Cookies;

use super::error::ApiError;
use crate::{
    auth::{error::AuthError, server::service::AuthUser},
    web::{caller_address::caller_address, credentials::presented_token, state::AppState},
};

/// The signed-in caller. Refused with "Not authenticated" when nothing was presented, and
/// one "could not validate" answer for every kind of bad token (the cause goes to the log).
impl FromRequestParts<AppState> for AuthUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let cookies = parts.extensions.get::<Cookies>();
        let token = presented_token(&parts.headers, state.cookie, cookies)
            .ok_or(ApiError::NotAuthenticated { scheme: "Bearer" })?;
        state.auth.authenticate(&token).await.map_err(|error| match error {
            AuthError::Unauthenticated => ApiError::CouldNotValidate,
            other => ApiError::Auth(other),
        })
    }
}

/// The caller's network address (see `web::caller_address`), for throttling.
pub struct CallerAddress(pub IpAddr);

impl FromRequestParts<AppState> for CallerAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        Ok(Self(caller_address(parts, state.config.trust_proxy)))
    }
}
