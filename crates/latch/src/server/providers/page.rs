//! The page a sign-in with a provider ends on when it fails: what happened, in the person's
//! language, and the way back (to the sign-in page, or to the account page for a link). No
//! script, like the console's pages.

use axum::{
    http::{
        header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, RETRY_AFTER},
        HeaderMap, HeaderValue,
    },
    response::{IntoResponse, Response},
};
use leptos::prelude::*;
use leptos_meta::HashedStylesheet;
use tower_cookies::Cookies;

use super::{status_of, words::ProviderText};
use crate::{
    auth::{error::AuthError, server::identities::ProviderError},
    i18n::fill,
    server::admin::frame::in_locale,
    web::{locale::decide, state::AppState},
};

/// No script, no frame, forms and links to this site.
const PAGE_CSP: &str =
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The page for `error` from provider `name`; `to_account` sends the person back to their
/// account page rather than to sign in.
pub(super) fn failed(
    state: &AppState,
    headers: &HeaderMap,
    cookies: &Cookies,
    name: &str,
    error: &ProviderError,
    to_account: bool,
) -> Response {
    let locale = decide(headers, Some(cookies), None, state.config.pseudo_language);
    let label = state.auth.providers().label_of(name);
    let options = state.leptos_options.clone();
    let status = status_of(error);
    let (title, why, back, href) = in_locale(locale, || {
        let with = |text: ProviderText| fill(text.text(), &[("provider", &label)]);
        let title = match error {
            ProviderError::Cancelled => ProviderText::title_cancelled.text(),
            _ => ProviderText::title_failed.text(),
        };
        let why = match error {
            ProviderError::UnknownProvider => with(ProviderText::unknown_provider),
            ProviderError::NoSignInUnderWay => with(ProviderText::expired),
            ProviderError::StateMismatch => with(ProviderText::state_mismatch),
            ProviderError::Cancelled => with(ProviderText::cancelled),
            ProviderError::ProviderRefused(code) => {
                fill(ProviderText::provider_refused.text(), &[("provider", &label), ("code", code)])
            }
            ProviderError::Unreachable => with(ProviderText::unreachable),
            ProviderError::AnswerRefused => with(ProviderText::answer_refused),
            ProviderError::NoVerifiedEmail => with(ProviderText::no_verified_email),
            ProviderError::AccountExists => with(ProviderText::account_exists),
            ProviderError::LinkedElsewhere => with(ProviderText::linked_elsewhere),
            ProviderError::SignupNeedsDetails => with(ProviderText::needs_details),
            ProviderError::Account(error) => error.message(),
        };
        let (back, href) = match to_account {
            true => (ProviderText::back_to_account.text(), "/account"),
            false => (ProviderText::back_to_login.text(), "/login"),
        };
        (title.to_owned(), why, back.to_owned(), href)
    });
    let heading = title.clone();
    let html = in_locale(locale, move || {
        view! {
            <!DOCTYPE html>
            <html lang=locale.lang.tag()>
                <head>
                    <meta charset="utf-8" />
                    <meta name="viewport" content="width=device-width, initial-scale=1" />
                    <meta name="color-scheme" content="light dark" />
                    <meta name="robots" content="noindex" />
                    <title>{title}</title>
                    <HashedStylesheet options id="leptos" />
                </head>
                <body>
                    <div class="layout">
                        <main class="content">
                            <section class="card narrow" role="alert">
                                <h1>{heading}</h1>
                                <p>{why}</p>
                                <p><a class="button" href=href>{back}</a></p>
                            </section>
                        </main>
                    </div>
                </body>
            </html>
        }
        .to_html()
    });
    let mut response = (status, html).into_response();
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    headers.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(PAGE_CSP));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let ProviderError::Account(AuthError::Throttled { retry_after_secs } | AuthError::Busy { retry_after_secs }) =
        error
    {
        headers.insert(RETRY_AFTER, HeaderValue::from(*retry_after_secs));
    }
    response
}
