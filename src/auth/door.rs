//! What a server function needs from the request it runs in: state, cookies, headers, and
//! a way to answer an error with its real status.

use axum::http::{
    header::{ACCEPT, CACHE_CONTROL, LOCATION, REFERER, RETRY_AFTER, USER_AGENT},
    request::Parts,
    HeaderValue, StatusCode,
};
use leptos::{prelude::use_context, server_fn::error::ServerFnUrlError};
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
        let Some(token) = presented_token(&self.parts, Some(&self.cookies), &self.state) else {
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
        if !is_plain_form_post(&parts) {
            response.set_status(StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR));
        }
        if let Some(seconds) = error.retry_after_secs() {
            response.insert_header(RETRY_AFTER, HeaderValue::from(seconds));
        }
    }
    result
}

/// A form posted by the browser itself (JavaScript off), not by the hydrated page.
fn is_plain_form_post(parts: &Parts) -> bool {
    parts.headers.get(ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("text/html"))
}

/// Without JavaScript, a refused form goes back to its page with the error in the URL (as
/// Leptos does) and with the fields worth showing again, so a person retypes only the
/// password. `keep` never holds a password. A previous attempt's parameters are replaced,
/// not repeated. With JavaScript the form is never reloaded, so nothing is needed.
pub fn send_back_on_error(result: &Result<(), AuthError>, server_fn_path: &str, keep: &[(&str, &str)]) {
    let (Err(error), Some(parts), Some(response)) = (result, use_context::<Parts>(), use_context::<ResponseOptions>()) else {
        return;
    };
    let Some(mut page) = parts.headers.get(REFERER).and_then(|v| v.to_str().ok()).map(str::to_owned) else {
        return;
    };
    if !is_plain_form_post(&parts) {
        return;
    }
    ServerFnUrlError::<AuthError>::strip_error_info(&mut page);
    let Ok(mut url) = ServerFnUrlError::new(server_fn_path, error.clone()).to_url(&page) else {
        return;
    };
    let others: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(name, _)| !keep.iter().any(|(kept, _)| name == kept))
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect();
    url.query_pairs_mut().clear().extend_pairs(others).extend_pairs(keep.iter().filter(|(_, value)| !value.is_empty()));
    if let Ok(location) = HeaderValue::from_str(url.as_str()) {
        response.insert_header(LOCATION, location);
    }
}

fn missing(what: &str) -> AuthError {
    tracing::error!("server function context is missing {what}");
    AuthError::Internal
}
