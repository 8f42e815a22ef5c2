//! What a page shows about the signed-in person, loaded before the page renders (with the
//! language it renders in, `web::locale`): the profile
//! (for the nav and `/profile`), for `/account` the whole overview, and for a sign-in mail's
//! link page what it asks about. The pages read it from
//! the request while they render on the server, and hand it to the browser inside the page
//! (`client::auth_state`), so that neither side waits on an async resource: those, with
//! their `Suspense`, add much to the WASM bundle.

use axum::{
    extract::{Request, State},
    http::{request::Parts, Method},
    middleware::Next,
    response::Response,
};
use std::collections::BTreeMap;

use axum::extract::Query;
use tower_cookies::Cookies;

use super::{account::account_overview, call::signed_in};
use crate::{
    auth::{
        account::AccountOverview, email_sign_in::EmailSignInLink, error::AuthError,
        server::email_sign_in::EMAIL_SIGN_IN_PATH, UserProfile,
    },
    i18n::Lang,
    web::{locale, state::AppState},
};

/// Put into a page request by [`preload`]; read by the pages while they render.
#[derive(Clone)]
pub struct PageData {
    /// Who is signed in, for every page.
    pub user: Result<Option<UserProfile>, AuthError>,
    /// Loaded for `/account` only.
    pub overview: Option<Result<Option<AccountOverview>, AuthError>>,
    /// Loaded for a sign-in mail's link page only: what it asks about.
    pub email_sign_in_link: Option<Result<EmailSignInLink, AuthError>>,
}

/// The page the account overview is loaded for.
const ACCOUNT_PAGE: &str = "/account";

/// Loads the page data of a page request. Server functions (under `/api/`) and files (a dot in
/// the last segment: `/favicon.svg`) share the pages' router but are no pages.
pub async fn preload(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let is_page = request.method() == Method::GET
        && !path.starts_with("/api/")
        && !path.rsplit('/').next().is_some_and(|segment| segment.contains('.'));
    if !is_page {
        // A server function's words of the application's own (a refusal from its hooks)
        // follow the page's language as far as the request tells it: the person's choice,
        // else the browser's. Only a page pays for finding out who is signed in.
        let (mut parts, body) = request.into_parts();
        let cookies = parts.extensions.get::<Cookies>();
        let locale = locale::decide(&parts.headers, cookies, None, state.config.pseudo_language);
        parts.extensions.insert(locale);
        return next.run(Request::from_parts(parts, body)).await;
    }
    // The body stays behind: the request's parts can be shared across the awaits, it cannot.
    let (mut parts, body) = request.into_parts();
    let (data, account) = load(&state, &parts).await;
    // The page's language: the person's choice, their account's, their browser's, English.
    let cookies = parts.extensions.get::<Cookies>();
    let locale = locale::decide(&parts.headers, cookies, account, state.config.pseudo_language);
    parts.extensions.insert(locale);
    parts.extensions.insert(data);
    next.run(Request::from_parts(parts, body)).await
}

/// The page data, and the signed-in person's account language.
async fn load(state: &AppState, request: &Parts) -> (PageData, Option<Lang>) {
    let cookies = request.extensions.get::<Cookies>();
    let caller = signed_in(state, &request.headers, cookies).await;
    let user = caller.as_ref().map(|caller| caller.as_ref().map(|caller| UserProfile::from(&*caller.user)));
    // The router matches `/account/` too.
    let overview = if request.uri.path().trim_end_matches('/') == ACCOUNT_PAGE {
        Some(match &caller {
            Ok(Some(caller)) => account_overview(state, caller).await.map(Some),
            Ok(None) => Ok(None),
            Err(error) => Err(error.clone()),
        })
    } else {
        None
    };
    let email_sign_in_link = if request.uri.path().trim_end_matches('/') == EMAIL_SIGN_IN_PATH {
        let token = Query::<BTreeMap<String, String>>::try_from_uri(&request.uri)
            .ok()
            .and_then(|Query(mut query)| query.remove("token"))
            .unwrap_or_default();
        let browser = cookies.and_then(|cookies| state.cookie.read_email_sign_in(cookies));
        Some(state.auth.email_sign_in_link(&token, browser.as_deref()).await)
    } else {
        None
    };
    let language = caller.as_ref().ok().and_then(Option::as_ref).map(|caller| caller.user.language);
    (PageData { user: user.map_err(Clone::clone), overview, email_sign_in_link }, language)
}
