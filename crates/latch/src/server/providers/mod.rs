//! Sign-in with other providers, over HTTP: links and redirects, so it works the same with
//! JavaScript off.
//!
//! - `GET /auth/oidc/{name}?next=/path` leaves for the provider (the sign-in's secret in a
//!   cookie of its own);
//! - `GET /auth/oidc/{name}/callback` is where the provider sends the browser back: signed in
//!   (or on to the second step), or a page that says what happened and a way back (`page`);
//! - `POST /auth/oidc/{name}/link` (the account page's form) leaves to link the provider to the
//!   signed-in account, within the sudo window.
//!
//! The rules are in `auth::server::identities`; this door only carries cookies and pages.

mod page;
pub mod words;

use std::time::Duration;

use axum::{
    extract::{Path, Query, State},
    http::{header::CACHE_CONTROL, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
    Router,
};
use serde::Deserialize;
use tower_cookies::Cookies;

use crate::{
    api::extract::RequestSource,
    auth::{
        next_page::{login_then, query_value},
        server::{
            factors::second_step::LoginOutcome,
            identities::{
                flow::{CallbackAnswer, FLOW_SECS},
                ProviderError, ProviderOutcome,
            },
            service::Requester,
        },
        validate::local_redirect_target,
    },
    server_fns::call::signed_in,
    web::{locale::decide, state::AppState},
};

/// Where a provider sends the browser back (the callback to register at the provider is
/// `{PUBLIC_ORIGIN}/auth/oidc/{name}/callback`).
pub const CALLBACK: &str = "/auth/oidc/{name}/callback";

/// The longest a callback may spend on calls to the provider, all of them together: under
/// the server's request timeout, so that the person always gets this door's page.
const CALLBACK_BUDGET: Duration = Duration::from_secs(12);

/// The routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/auth/oidc/{name}", get(start))
        .route(CALLBACK, get(callback))
        .route("/auth/oidc/{name}/link", post(link))
}

#[derive(Deserialize)]
struct StartQuery {
    #[serde(default)]
    next: Option<String>,
}

/// Leaves for provider `name` to sign in.
async fn start(
    State(state): State<AppState>,
    Path(name): Path<String>,
    Query(query): Query<StartQuery>,
    headers: HeaderMap,
    cookies: Cookies,
) -> Response {
    let next = local_redirect_target(query.next.as_deref());
    leave(&state, &headers, &cookies, &name, &next, None).await
}

/// Leaves for provider `name` to link it to the signed-in account (the account page's form).
async fn link(
    State(state): State<AppState>,
    Path(name): Path<String>,
    headers: HeaderMap,
    cookies: Cookies,
) -> Response {
    let caller = match signed_in(&state, &headers, Some(&cookies)).await {
        Ok(Some(caller)) => caller,
        Ok(None) => return Redirect::to(&login_then("/account")).into_response(),
        Err(error) => return page::failed(&state, &headers, &cookies, &name, &ProviderError::Account(error), true),
    };
    match state.auth.recently_authenticated(&caller).await {
        Ok(true) => {}
        Ok(false) => return Redirect::to(&format!("/reauthenticate?next={}", query_value("/account"))).into_response(),
        Err(error) => return page::failed(&state, &headers, &cookies, &name, &ProviderError::Account(error), true),
    }
    leave(&state, &headers, &cookies, &name, "/account", Some(caller.user.id)).await
}

async fn leave(
    state: &AppState,
    headers: &HeaderMap,
    cookies: &Cookies,
    name: &str,
    next: &str,
    link_user_id: Option<i64>,
) -> Response {
    let started = tokio::time::timeout(CALLBACK_BUDGET, state.auth.start_provider_flow(name, next, link_user_id))
        .await
        .unwrap_or(Err(ProviderError::Unreachable));
    match started {
        Ok(started) => {
            state.cookie.set_provider_flow(cookies, started.cookie_secret, FLOW_SECS);
            no_store(Redirect::to(&started.authorize_url).into_response())
        }
        Err(error) => page::failed(state, headers, cookies, name, &error, link_user_id.is_some()),
    }
}

/// The provider's answer: signed in, linked, or a page that says why not.
async fn callback(
    State(state): State<AppState>,
    Path(name): Path<String>,
    Query(answer): Query<CallbackAnswer>,
    source: RequestSource,
    headers: HeaderMap,
    cookies: Cookies,
) -> Response {
    let secret = state.cookie.read_provider_flow(&cookies);
    // Whatever happens next, this browser's sign-in is over.
    state.cookie.clear_provider_flow(&cookies);
    let language = decide(&headers, Some(&cookies), None, false).lang;
    let device = state.cookie.device_of(&cookies);
    let from = Requester { device: Some(&device), ..source.requester() };
    let finished = tokio::time::timeout(
        CALLBACK_BUDGET,
        state.auth.finish_provider_flow(&name, secret.as_deref(), &answer, language, &from),
    )
    .await
    .unwrap_or_else(|_| {
        tracing::warn!(event = "provider_call_failed", provider = name, "the callback's calls ran out of time");
        Err(ProviderError::Unreachable)
    });
    match finished {
        Ok(ProviderOutcome::SignedIn { login: LoginOutcome::Session(session), next }) => {
            state.cookie.set(&cookies, session.token, session.max_age);
            state.cookie.set_device(&cookies, &device);
            no_store(Redirect::to(&next).into_response())
        }
        Ok(ProviderOutcome::SignedIn { login: LoginOutcome::SecondFactor { challenge }, next }) => {
            state.cookie.set_challenge(&cookies, challenge);
            no_store(Redirect::to(&format!("/login/code?next={}", query_value(&next))).into_response())
        }
        Ok(ProviderOutcome::Linked { next }) => {
            no_store(Redirect::to(&format!("{next}?notice=identity_linked")).into_response())
        }
        Err(error) => {
            // A link started from the account page goes back there; a sign-in to the login page.
            let signed_in = matches!(signed_in(&state, &headers, Some(&cookies)).await, Ok(Some(_)));
            page::failed(&state, &headers, &cookies, &name, &error, signed_in)
        }
    }
}

fn no_store(mut response: Response) -> Response {
    response.headers_mut().insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The status a failed sign-in answers with.
pub(crate) fn status_of(error: &ProviderError) -> StatusCode {
    match error {
        ProviderError::UnknownProvider => StatusCode::NOT_FOUND,
        ProviderError::NoSignInUnderWay | ProviderError::StateMismatch | ProviderError::Cancelled => {
            StatusCode::BAD_REQUEST
        }
        ProviderError::ProviderRefused(_) | ProviderError::AnswerRefused => StatusCode::BAD_GATEWAY,
        ProviderError::Unreachable => StatusCode::GATEWAY_TIMEOUT,
        ProviderError::NoVerifiedEmail | ProviderError::SignupNeedsDetails => StatusCode::FORBIDDEN,
        ProviderError::AccountExists | ProviderError::LinkedElsewhere => StatusCode::CONFLICT,
        ProviderError::Account(error) => {
            StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
        }
    }
}
