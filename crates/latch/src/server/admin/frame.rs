//! The document around every console page: the site's stylesheet and the console's own, a
//! navigation of its three pages, the language switch, and nothing that runs. Pages are
//! rendered to HTML here, in the administrator's locale, and answered with a policy that lets
//! no script run at all.

use axum::{
    http::{
        header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE},
        HeaderValue, StatusCode,
    },
    response::{IntoResponse, Response},
};
use leptos::{config::LeptosOptions, prelude::*};
use leptos_meta::HashedStylesheet;

use super::{words::AdminText, STYLESHEET};
use crate::{i18n::Locale, pages::language::LanguageSwitch};

/// No script, no frame, forms to this site only: the console is plain documents.
const CONSOLE_CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; \
     frame-ancestors 'none'; base-uri 'none'";

/// Which of the console's pages is open, for the navigation's `aria-current`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Section {
    People,
    Audit,
    Activity,
    /// A refusal: no page of the console is open.
    None,
}

/// Runs `work` with `locale` as the current one (texts, dates), outside any Leptos request.
pub(crate) fn in_locale<T>(locale: Locale, work: impl FnOnce() -> T) -> T {
    let owner = Owner::new();
    owner.with(|| {
        provide_context(locale);
        work()
    })
}

/// The console's answer: `body` inside the frame, titled `title`.
pub(super) fn document(
    options: &LeptosOptions,
    locale: Locale,
    status: StatusCode,
    section: Section,
    signed_in_as: Option<&str>,
    title: String,
    body: impl FnOnce() -> AnyView,
) -> Response {
    let options = options.clone();
    let signed_in_as = signed_in_as.map(str::to_owned);
    let html = in_locale(locale, move || {
        let link = move |href: &'static str, words: AdminText, this: Section| {
            let current = (section == this).then_some("page");
            view! { <a href=href aria-current=current>{words.text()}</a> }
        };
        view! {
            <!DOCTYPE html>
            <html lang=locale.lang.tag()>
                <head>
                    <meta charset="utf-8" />
                    <meta name="viewport" content="width=device-width, initial-scale=1" />
                    <meta name="color-scheme" content="light dark" />
                    <meta name="robots" content="noindex" />
                    <title>{format!("{title} · {}", AdminText::brand.text())}</title>
                    <HashedStylesheet options id="leptos" />
                    <link rel="stylesheet" href=STYLESHEET />
                </head>
                <body>
                    <div class="layout console">
                        <nav class="nav" aria-label=AdminText::nav_label.text()>
                            <a class="brand" href="/admin">
                                <span class="brand-mark" aria-hidden="true"></span>
                                {AdminText::brand.text()}
                            </a>
                            <div class="nav-links">
                                {link("/admin", AdminText::nav_people, Section::People)}
                                {link("/admin/audit", AdminText::nav_audit, Section::Audit)}
                                {link("/admin/activity", AdminText::nav_activity, Section::Activity)}
                                <a href="/">{AdminText::nav_back.text()}</a>
                            </div>
                        </nav>
                        <main class="content">{body()}</main>
                        <footer class="footer">
                            <span>
                                {signed_in_as.map(|name| AdminText::signed_in_as.with(&[("name", &name)]))}
                            </span>
                            <LanguageSwitch />
                        </footer>
                    </div>
                </body>
            </html>
        }
        .to_html()
    });
    let mut response = (status, html).into_response();
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    headers.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(CONSOLE_CSP));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// A page that says why the console is closed to this person, and where to go.
pub(super) fn refusal(options: &LeptosOptions, locale: Locale, status: StatusCode, why: &str) -> Response {
    let why = why.to_owned();
    let title = in_locale(locale, || AdminText::refused_title.text().to_owned());
    let heading = title.clone();
    document(options, locale, status, Section::None, None, title, move || {
        view! {
            <section class="card narrow" role="alert">
                <h1>{heading}</h1>
                <p>{why}</p>
                <p><a href="/account">{AdminText::refused_account_link.text()}</a></p>
            </section>
        }
        .into_any()
    })
}

/// "This part of the site is for administrators", in `locale`.
pub(super) fn forbidden_words(locale: Locale) -> String {
    in_locale(locale, || AdminText::refused_forbidden.text().to_owned())
}

/// The console's stylesheet: tables, badges, the chart. Beside the site's own, which gives
/// the rest (colours, forms, the layout), light and dark.
pub(super) async fn stylesheet() -> Response {
    let mut response = include_str!("console.css").into_response();
    response.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("text/css; charset=utf-8"));
    response
}
