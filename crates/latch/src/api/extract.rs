//! The JSON door's extractors: who is calling, and from where. They reject with the API's own
//! answer shape; the rules below them know nothing of it.

use std::net::IpAddr;

use axum::{
    extract::FromRequestParts,
    http::{header::USER_AGENT, request::Parts},
};
use tower_cookies::Cookies;

use super::error::ApiError;
use crate::{
    auth::{
        error::AuthError,
        server::service::{AuthUser, Requester},
    },
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

/// Where the request came from: the caller's address (see `web::caller_address`) and user
/// agent, for throttling and the account's history.
pub struct RequestSource {
    address: IpAddr,
    user_agent: Option<String>,
}

impl RequestSource {
    /// The request's origin as the rules take it.
    pub fn requester(&self) -> Requester<'_> {
        Requester { address: self.address, user_agent: self.user_agent.as_deref(), device: None }
    }
}

impl FromRequestParts<AppState> for RequestSource {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let user_agent = parts.headers.get(USER_AGENT).and_then(|value| value.to_str().ok()).map(str::to_owned);
        Ok(Self { address: caller_address(parts, state.config.trust_proxy), user_agent })
    }
}

/// A change to the caller's own account: who is signed in, and where the request came from
/// (for the account's history).
pub struct Owner {
    /// Who is signed in.
    pub caller: AuthUser,
    source: RequestSource,
}

impl Owner {
    /// Where the request came from.
    pub fn requester(&self) -> Requester<'_> {
        self.source.requester()
    }
}

impl FromRequestParts<AppState> for Owner {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let caller = AuthUser::from_request_parts(parts, state).await?;
        let Ok(source) = RequestSource::from_request_parts(parts, state).await;
        Ok(Self { caller, source })
    }
}
