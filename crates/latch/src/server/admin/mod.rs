//! The administrators' console at `/admin`: pages rendered on the server, with no script at
//! all (so they work the same with JavaScript off), forms that post and come back (303), in
//! the administrator's language. Every page and form goes through the same gate and rules as
//! the JSON API (`auth::server::admin`): the role, a second factor, and for a change the
//! sudo window, whose absence sends the administrator to `/reauthenticate` and back.
//!
//! `frame` draws the document around each page; `people`, `person`, `audit`, `activity` are the pages
//! (`chart` the activity's SVG); `actions` the forms' handlers; `view_as` a person's own
//! pages, read-only (mounted by the router, which holds the application's pages); `words`
//! the texts.

mod actions;
mod activity;
mod audit;
mod chart;
pub(crate) mod frame;
mod people;
mod person;
pub mod view_as;
pub mod words;

use axum::{
    extract::{FromRequestParts, OriginalUri},
    http::{request::Parts, StatusCode},
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
    Router,
};
use tower_cookies::Cookies;

use crate::{
    api::extract::RequestSource,
    auth::{
        error::AuthError,
        next_page::{login_then, query_value},
        server::admin::{Admin, Need},
    },
    i18n::Locale,
    server_fns::call::signed_in,
    web::{locale::decide, state::AppState},
};

/// Where the console starts: the people search.
pub const HOME: &str = "/admin";
/// The console's stylesheet, served by Latch so that every application's console looks alike.
pub const STYLESHEET: &str = "/admin/console.css";

/// Every page of the console (`GET`) and the forms they post to, for the router and for the
/// test that walks them all.
pub const PAGES: &[&str] =
    &["/admin", "/admin/people/{id}", "/admin/audit", "/admin/activity", "/admin/view/{token}/account"];

/// Where a view's pages are mounted (`view_as::show`).
pub const VIEW_PAGES: &str = "/admin/view/{token}/{page}";

/// The console's routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(HOME, get(people::search))
        .route("/admin/people/{id}", get(person::person))
        .route("/admin/people/{id}/{action}", post(actions::act))
        .route("/admin/audit", get(audit::page))
        .route("/admin/activity", get(activity::page))
        .route(STYLESHEET, get(frame::stylesheet))
}

/// An administrator the gate let through, the page's locale, and where the request came
/// from. As an extractor, it answers every refusal itself: a visitor goes to log in and
/// back, a person without the role or a second factor gets a page that says so.
pub struct Console {
    admin: Admin,
    locale: Locale,
    source: RequestSource,
}

impl Console {
    /// Whether changes may be made now (the sudo window is open).
    fn may_change(&self) -> bool {
        self.admin.may_change
    }
}

impl FromRequestParts<AppState> for Console {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let cookies = Cookies::from_request_parts(parts, state).await.map_err(IntoResponse::into_response)?;
        let here = OriginalUri::from_request_parts(parts, state)
            .await
            .map(|uri| uri.0.path_and_query().map(ToString::to_string).unwrap_or_else(|| HOME.to_owned()))
            .unwrap_or_else(|_| HOME.to_owned());
        let pseudo = state.config.pseudo_language;
        let caller = match signed_in(state, &parts.headers, Some(&cookies)).await {
            Ok(Some(caller)) => caller,
            Ok(None) => return Err(Redirect::to(&login_then(&here)).into_response()),
            Err(error) => {
                let locale = decide(&parts.headers, Some(&cookies), None, pseudo);
                return Err(frame::refusal(
                    &state.leptos_options,
                    locale,
                    StatusCode::SERVICE_UNAVAILABLE,
                    &error.message(),
                ));
            }
        };
        let locale = decide(&parts.headers, Some(&cookies), Some(caller.user.language), pseudo);
        let Ok(source) = RequestSource::from_request_parts(parts, state).await;
        match state.auth.admin_gate(caller, Need::Read).await {
            Ok(admin) => Ok(Self { admin, locale, source }),
            Err(AuthError::Forbidden) => Err(frame::refusal(
                &state.leptos_options,
                locale,
                StatusCode::FORBIDDEN,
                &frame::forbidden_words(locale),
            )),
            Err(error) => {
                let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::FORBIDDEN);
                Err(frame::refusal(
                    &state.leptos_options,
                    locale,
                    status,
                    &frame::in_locale(locale, || error.message()),
                ))
            }
        }
    }
}

/// `/reauthenticate?next=…`: where a change outside the sudo window sends the administrator.
fn confirm_then(back: &str) -> Response {
    Redirect::to(&format!("/reauthenticate?next={}", query_value(back))).into_response()
}
