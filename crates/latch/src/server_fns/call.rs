//! The server side of the browser's door: what a server function needs from the request it
//! runs in (state, cookies, headers), and, without JavaScript, the way back to the form. (An
//! error's real status and `Retry-After` are set for every server function in one place:
//! `server::middleware::server_fn_errors`.)

use std::future::Future;

use axum::http::{
    header::{ACCEPT, LOCATION, REFERER, USER_AGENT},
    request::Parts,
    HeaderMap, HeaderValue,
};
use leptos::{prelude::use_context, server_fn::error::ServerFnUrlError};
use leptos_axum::ResponseOptions;
use tower_cookies::Cookies;

use crate::{
    auth::{
        error::AuthError,
        server::{
            factors::second_step::LoginOutcome,
            service::{AuthUser, IssuedSession, Requester},
        },
    },
    i18n::Lang,
    web::{caller_address::caller_address, credentials::presented_token, locale, state::AppState},
};

/// The server function call in progress: the request it came in, and the app's state.
pub struct ServerFnCall {
    /// The app's state.
    pub state: AppState,
    parts: Parts,
    cookies: Cookies,
    /// The browser's device secret (a new one when it carries none), kept by `set_cookie`.
    device: String,
}

impl ServerFnCall {
    /// The call this server function runs in. Missing context is a bug of the server's set-up,
    /// not the caller's: `Internal`.
    pub fn current() -> Result<Self, AuthError> {
        let state = use_context::<AppState>().ok_or_else(|| missing("AppState"))?;
        let parts = use_context::<Parts>().ok_or_else(|| missing("request parts"))?;
        let cookies = parts.extensions.get::<Cookies>().cloned().ok_or_else(|| missing("the cookie layer"))?;
        let device = state.cookie.device_of(&cookies);
        Ok(Self { state, parts, cookies, device })
    }

    /// The language the caller's page is in (their choice on this browser, else the
    /// browser's `Accept-Language`): a new account's language.
    pub fn language(&self) -> Lang {
        let pseudo = self.state.config.pseudo_language;
        locale::decide(&self.parts.headers, Some(&self.cookies), None, pseudo).lang
    }

    /// Where the call came from: the caller's address and user agent.
    pub fn requester(&self) -> Requester<'_> {
        Requester {
            address: caller_address(&self.parts, self.state.config.trust_proxy),
            user_agent: self.parts.headers.get(USER_AGENT).and_then(|value| value.to_str().ok()),
            device: Some(&self.device),
        }
    }

    /// The signed-in caller, or `Unauthenticated`: for calls that make sense only signed in.
    pub async fn signed_in_or_refuse(&self) -> Result<AuthUser, AuthError> {
        self.signed_in().await?.ok_or(AuthError::Unauthenticated)
    }

    /// The signed-in caller, if any (cookie or bearer). A bad token is no caller, not an error.
    pub async fn signed_in(&self) -> Result<Option<AuthUser>, AuthError> {
        signed_in(&self.state, &self.parts.headers, Some(&self.cookies)).await
    }

    /// Sets the session cookie for `session`, and the device cookie the sign-in was known by.
    pub fn set_cookie(&self, session: &IssuedSession) {
        self.state.cookie.set(&self.cookies, session.token.clone(), session.max_age);
        self.state.cookie.set_device(&self.cookies, &self.device);
    }

    /// Clears the session cookie.
    pub fn clear_cookie(&self) {
        self.state.cookie.clear(&self.cookies);
    }

    /// Keeps the login's second-step challenge in its cookie.
    pub fn set_challenge(&self, challenge: String) {
        self.state.cookie.set_challenge(&self.cookies, challenge);
    }

    /// The second-step challenge the browser carries, if any.
    pub fn challenge(&self) -> Option<String> {
        self.state.cookie.read_challenge(&self.cookies)
    }

    /// Clears the second-step challenge's cookie.
    pub fn clear_challenge(&self) {
        self.state.cookie.clear_challenge(&self.cookies);
    }

    /// After a right password (or what stands in for one): sets the session cookie and goes to
    /// `next` (a path on this site, else `/profile`), or keeps the challenge and goes to the
    /// second step.
    pub fn go_on(&self, outcome: LoginOutcome, next: Option<&str>) {
        use crate::auth::{next_page::query_value, validate::local_redirect_target};
        let next = local_redirect_target(next);
        match outcome {
            LoginOutcome::Session(session) => {
                self.set_cookie(&session);
                leptos_axum::redirect(&next);
            }
            LoginOutcome::SecondFactor { challenge } => {
                self.set_challenge(challenge);
                leptos_axum::redirect(&format!("/login/code?next={}", query_value(&next)));
            }
        }
    }

    /// The cookies of the request, for the doors that keep a cookie of their own.
    pub fn cookies(&self) -> &Cookies {
        &self.cookies
    }
}

/// A form whose refusal, without JavaScript, goes back to its page: the server function's
/// path (for Leptos' error hand-off) and the fields worth showing again. Never a password.
pub struct RefusedForm<'a> {
    /// The server function's path.
    pub server_fn_path: &'static str,
    /// Fields to fill in again, by name.
    pub keep: &'a [(&'a str, &'a str)],
}

/// The signed-in caller of a browser request, if any (cookie or bearer). A bad token is no
/// caller, not an error: the browser's door answers "nobody" and the page offers a login.
pub async fn signed_in(
    state: &AppState,
    headers: &HeaderMap,
    cookies: Option<&Cookies>,
) -> Result<Option<AuthUser>, AuthError> {
    let Some(token) = presented_token(headers, state.cookie, cookies) else {
        return Ok(None);
    };
    match state.auth.authenticate(&token).await {
        Ok(caller) => Ok(Some(caller)),
        Err(AuthError::Unauthenticated) => Ok(None),
        Err(other) => Err(other),
    }
}

/// Runs a server function's body in its call; a refused plain form is sent back to its page.
pub async fn run<T, Body, Answer>(form: Option<RefusedForm<'_>>, body: Body) -> Result<T, AuthError>
where
    Body: FnOnce(ServerFnCall) -> Answer,
    Answer: Future<Output = Result<T, AuthError>>,
{
    let result = match ServerFnCall::current() {
        Ok(call) => body(call).await,
        Err(error) => Err(error),
    };
    if let (Err(error), Some(form)) = (&result, form) {
        send_form_back(error, &form);
    }
    result
}

/// A browser does not follow a redirect with a 4xx status, so a plain form post (JavaScript
/// off) is answered with a redirect to its page, carrying the error.
fn send_form_back(error: &AuthError, form: &RefusedForm<'_>) {
    let (Some(response), Some(parts)) = (use_context::<ResponseOptions>(), use_context::<Parts>()) else {
        return;
    };
    if let Some(location) = is_plain_form_post(&parts).then(|| way_back(error, &parts, form)).flatten() {
        response.insert_header(LOCATION, location);
    }
}

/// A form posted by the browser itself (JavaScript off), not by the hydrated page.
fn is_plain_form_post(parts: &Parts) -> bool {
    parts.headers.get(ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("text/html"))
}

/// The page the form came from, with the error in its URL (as Leptos does) and the kept
/// fields, so a person retypes only the password. A previous attempt's parameters are
/// replaced, not repeated.
fn way_back(error: &AuthError, parts: &Parts, form: &RefusedForm<'_>) -> Option<HeaderValue> {
    let mut page = parts.headers.get(REFERER)?.to_str().ok()?.to_owned();
    ServerFnUrlError::<AuthError>::strip_error_info(&mut page);
    let mut url = ServerFnUrlError::new(form.server_fn_path, error.clone()).to_url(&page).ok()?;
    let others: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(name, _)| !form.keep.iter().any(|(kept, _)| name == kept))
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect();
    let kept = form.keep.iter().filter(|(_, value)| !value.is_empty());
    url.query_pairs_mut().clear().extend_pairs(others).extend_pairs(kept);
    HeaderValue::from_str(url.as_str()).ok()
}

fn missing(what: &str) -> AuthError {
    tracing::error!("server function context is missing {what}");
    AuthError::Internal
}
