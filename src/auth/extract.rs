//! "Who is calling?": a bearer token or the auth cookie, checked against a live session.

use axum::{
    extract::FromRequestParts,
    http::{header::AUTHORIZATION, request::Parts},
};
use tower_cookies::Cookies;

use super::{error::AuthError, service::AuthUser};
use crate::server::{error::ApiError, state::AppState};

/// The token the request presents: an `Authorization: Bearer` header wins over the cookie.
pub fn presented_token(parts: &Parts, cookies: Option<&Cookies>, state: &AppState) -> Option<String> {
    let bearer = parts
        .headers
        .get(AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim().to_owned())
        .filter(|token| !token.is_empty());
    bearer.or_else(|| cookies.and_then(|cookies| state.cookie.read(cookies)))
}

/// The signed-in caller. Refused with "Not authenticated" when nothing was presented, and
/// one "could not validate" answer for every kind of bad token (the cause goes to the log).
impl FromRequestParts<AppState> for AuthUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let cookies = Cookies::from_request_parts(parts, state).await.ok();
        let token = presented_token(parts, cookies.as_ref(), state).ok_or(ApiError::NotAuthenticated { scheme: "Bearer" })?;
        state.auth.authenticate(&token).await.map_err(|error| match error {
            AuthError::Unauthenticated => ApiError::CouldNotValidate,
            other => ApiError::Auth(other),
        })
    }
}
