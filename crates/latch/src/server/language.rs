//! `POST /language`: the language switch every page's footer (and the account page) shows.
//! A plain form, so it works the same with JavaScript off: it remembers the choice on this
//! browser (the `latch_lang` cookie, a year), on the account too when someone is signed in
//! (their mail follows it), and sends the person back to the page they were on (the form's
//! `back`, else its `Referer`, which the site's `same-origin` policy sends only from its own
//! pages), which then renders in the new language from the server: nothing is switched in
//! the browser.

use axum::{
    extract::{Form, State},
    http::{header::REFERER, HeaderMap, StatusCode},
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;
use tower_cookies::Cookies;

use crate::{auth::validate::local_redirect_target, i18n::Lang, server_fns::call::signed_in, web::state::AppState};

/// Where the router mounts it.
pub const PATH: &str = "/language";

/// The switch's form.
#[derive(Deserialize)]
pub struct Choice {
    /// The language's tag: `ko`, `en`.
    lang: String,
    /// The page to go back to (a local path; anything else goes home); the `Referer` when absent.
    #[serde(default)]
    back: Option<String>,
}

/// Remembers the choice and goes back.
pub async fn choose(
    State(state): State<AppState>,
    cookies: Cookies,
    headers: HeaderMap,
    Form(choice): Form<Choice>,
) -> Response {
    let Some(lang) = Lang::from_tag(&choice.lang).filter(|lang| state.config.pseudo_language || *lang != Lang::Pseudo)
    else {
        return (StatusCode::BAD_REQUEST, "Unknown language: choose ko or en.").into_response();
    };
    state.cookie.set_language(&cookies, lang);
    if let Ok(Some(caller)) = signed_in(&state, &headers, Some(&cookies)).await {
        if let Err(error) = state.auth.set_language(&caller, lang).await {
            // The browser's choice stands; the account's mail stays in its old language.
            tracing::error!(?error, user_id = caller.user.id, "cannot keep the account's language");
        }
    }
    let referer = headers.get(REFERER).and_then(|value| value.to_str().ok());
    // Only this site's own pages: the part after its origin.
    let from_page = referer.and_then(|page| page.strip_prefix(state.config.public_origin.as_str()));
    let back = match choice.back.as_deref().or(from_page).map(str::trim) {
        None | Some("") => "/".to_owned(),
        back => local_redirect_target(back),
    };
    Redirect::to(&back).into_response()
}
