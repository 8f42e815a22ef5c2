//! What a server function needs from the request it runs in: state, cookies, headers, and
//! a way to answer an error with its real status.

use axum::http::{
    header::{ACCEPT, CACHE_CONTROL, RETRY_AFTER, USER_AGENT},
    request::Parts,
    HeaderValue, StatusCode,
};
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;
use tower_cookies::Cookies;

use super::{error::AuthError, extract::presented_token, service::{AuthUser, IssuedSession}};
use crate::server::state::AppState;

pub struct Door {
    pub state: AppState,
    parts: Parts,
    cookies: Cookies,
}

impl Door {
    /// The request a server function is running in. Missing context is our bug, not the caller's.
    pub async fn current() -> Result<Self, AuthError> {
        let state = use_context::<AppState>().ok_or_else(|| missing("AppState"))?;
        let parts = use_context::<Parts>().ok_or_else(|| missing("request parts"))?;
        let cookies = parts.extensions.get::<Cookies>().cloned().ok_or_else(|| missing("the cookie layer"))?;
        Ok(Self { state, parts, cookies })
    }

    pub fn client(&self) -> std::net::IpAddr {
        crate::server::client::client_address(&self.parts, self.state.config.trust_proxy)
    }

    pub fn user_agent(&self) -> Option<&str> {
        self.parts.headers.get(USER_AGENT).and_then(|value| value.to_str().ok())
    }

    /// The signed-in caller, if any (cookie or bearer).
    pub async fn caller(&self) -> Result<Option<AuthUser>, AuthError> {
        let Some((token, _carrier)) = presented_token(&self.parts, Some(&self.cookies), &self.state) else {
            return Ok(None);
        };
        match self.state.auth.authenticate(&token).await {
            Ok(caller) => Ok(Some(caller)),
            Err(AuthError::Unauthenticated) => Ok(None),
            Err(other) => Err(other),
        }
    }

    pub fn set_cookie(&self, session: &IssuedSession) {
        self.state.cookie.set(&self.cookies, session.token.clone(), session.max_age);
    }

    pub fn clear_cookie(&self) {
        self.state.cookie.clear(&self.cookies);
    }
}

/// Finishes a server function's answer: never cached, and an error gets its real status.
/// A plain HTML form post (JavaScript off) keeps the redirect that carries the error back
/// to the page instead, since a browser does not follow a redirect with a 4xx status.
pub fn respond<T>(result: Result<T, AuthError>) -> Result<T, AuthError> {
    let (Some(response), Some(parts)) = (use_context::<ResponseOptions>(), use_context::<Parts>()) else {
        return result;
    };
    response.insert_header(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Err(error) = &result {
        let plain_form_post =
            parts.headers.get(ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("text/html"));
        if !plain_form_post {
            response.set_status(StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR));
        }
        if let Some(seconds) = error.retry_after_secs() {
            response.insert_header(RETRY_AFTER, HeaderValue::from(seconds));
        }
    }
    result
}

fn missing(what: &str) -> AuthError {
    tracing::error!("server function context is missing {what}");
    AuthError::Internal
}
