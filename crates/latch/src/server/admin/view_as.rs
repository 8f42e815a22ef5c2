//! `GET /admin/view/{token}/{page}`: a person's own page (`account` or `profile`) as they see
//! it, for the administrator whose view the token names (`auth::server::admin::view_as`).
//! The application's page is rendered on the server with the person's page data, as their
//! own request would have loaded it (minus an authenticator secret awaiting its first code),
//! then made inert: no script (removed, and the policy lets none run), every control
//! disabled and no form may post (`form-action 'none'`), under a banner that says whose
//! pages these are, why, and until when. Its links to the two pages stay inside the view.

use std::sync::Arc;

use axum::{
    body::{to_bytes, Body},
    extract::{Path, State},
    http::{
        header::{ACCEPT, CACHE_CONTROL, CONTENT_LENGTH, CONTENT_SECURITY_POLICY, CONTENT_TYPE},
        HeaderValue, Method, Request, StatusCode,
    },
    response::{IntoResponse, Response},
    Router,
};
use tower::ServiceExt;

use super::{
    frame::{in_locale, refusal},
    words::AdminText,
    Console, STYLESHEET,
};
use crate::{
    auth::{server::service::AuthUser, UserProfile},
    i18n::dates::date_time,
    server_fns::{account::account_overview, page_data::PageData},
    web::state::AppState,
};

/// The pages a view shows.
const PAGES: [&str; 2] = ["account", "profile"];
/// Nothing runs, nothing posts, nothing frames it.
const VIEW_CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'none'; \
     frame-ancestors 'none'; base-uri 'none'";
/// The largest page a view reads back (Latch's account page is some 40 KB).
const MAX_PAGE_BYTES: usize = 4 * 1024 * 1024;

/// Serves one page of a view through `pages`, the application's page router without the
/// step that loads the signed-in person's data (here, the person's data is put in instead).
pub async fn show(
    pages: Router,
    State(state): State<AppState>,
    console: Console,
    Path((token, page)): Path<(String, String)>,
) -> Response {
    let closed = || {
        let why = in_locale(console.locale, || AdminText::view_closed.text().to_owned());
        refusal(&state.leptos_options, console.locale, StatusCode::NOT_FOUND, &why)
    };
    let Some(page) = PAGES.into_iter().find(|known| *known == page) else { return closed() };
    let Ok(grant) = state.auth.view_grant(&console.admin, &token).await else { return closed() };
    let subject_id = grant.subject.id;
    let person = AuthUser { user: Arc::new(grant.subject), session_id: String::new() };
    let overview = match page {
        "account" => Some(account_overview(&state, &person).await.map(|mut overview| {
            // An authenticator secret awaiting its first code is the one secret the page
            // would show: it stays the person's.
            overview.two_factor.pending = None;
            Some(overview)
        })),
        _ => None,
    };
    let data = PageData { user: Ok(Some(UserProfile::from(&*person.user))), overview, email_sign_in_link: None };
    let mut request = match Request::builder()
        .method(Method::GET)
        .uri(format!("/{page}"))
        .header(ACCEPT, "text/html")
        .body(Body::empty())
    {
        Ok(request) => request,
        Err(_) => return closed(),
    };
    request.extensions_mut().insert(data);
    request.extensions_mut().insert(console.locale);
    let Ok(rendered) = pages.oneshot(request).await;
    let status = rendered.status();
    let Ok(body) = to_bytes(rendered.into_body(), MAX_PAGE_BYTES).await else { return closed() };
    let banner = in_locale(console.locale, || {
        let words = AdminText::view_banner.with(&[
            ("name", &person.user.username),
            ("until", &date_time(grant.expires_at)),
            ("reason", &grant.reason),
        ]);
        format!(
            r#"<aside class="view-as-banner" aria-label="{}"><p>{}</p><p><a href="/admin/view/{token}/account">{}</a> · <a href="/admin/view/{token}/profile">{}</a> · <a href="/admin/people/{subject_id}">{}</a></p></aside>"#,
            escape(AdminText::view_heading.text()),
            escape(&words),
            escape(AdminText::view_account.text()),
            escape(AdminText::view_profile.text()),
            escape(AdminText::view_end.text())
        )
    });
    let html = inert(&String::from_utf8_lossy(&body), &token, &banner);
    let mut response = (status, html).into_response();
    let headers = response.headers_mut();
    headers.remove(CONTENT_LENGTH);
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    headers.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(VIEW_CSP));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The page with nothing left that runs or sends: scripts and their preloads removed (the
/// texts' `text/plain` block is data and stays), every control disabled, the links to the
/// view's two pages kept inside it, the console's stylesheet and the banner added.
fn inert(html: &str, token: &str, banner: &str) -> String {
    let mut out = remove_elements(html, "<script", "</script>", |tag| !tag.contains(r#"type="text/plain""#));
    out = remove_elements(&out, "<link", ">", |tag| tag.contains("modulepreload") || tag.contains(r#"rel="preload""#));
    for control in ["<button", "<input", "<select", "<textarea"] {
        out = out.replace(control, &format!("{control} disabled"));
    }
    for page in PAGES {
        out = out.replace(&format!(r#"href="/{page}""#), &format!(r#"href="/admin/view/{token}/{page}""#));
    }
    out = out.replacen("</head>", &format!(r#"<link rel="stylesheet" href="{STYLESHEET}"></head>"#), 1);
    if let Some(body) = out.find("<body") {
        if let Some(end) = out[body..].find('>') {
            out.insert_str(body + end + 1, banner);
        }
    }
    out
}

/// `html` without the elements that start with `open`, end with `close` and `drop` says go.
fn remove_elements(html: &str, open: &str, close: &str, drop: impl Fn(&str) -> bool) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find(open) {
        let Some(length) = rest[start..].find(close) else { break };
        let end = start + length + close.len();
        out.push_str(&rest[..start]);
        if !drop(&rest[start..end]) {
            out.push_str(&rest[start..end]);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Text as HTML reads it.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_made_inert_runs_nothing_sends_nothing_and_stays_inside_the_view() {
        let page = r#"<html><head><link rel="modulepreload" href="/pkg/a.js"><link rel="stylesheet" href="/pkg/a.css"><script type="module" nonce="n">import("/pkg/a.js")</script><script type="text/plain" id="latch-texts-latch">Log in</script></head><body class="x"><a href="/account">A</a><a href="/profile">P</a><form method="post"><input name="password"><button>Delete</button></form></body></html>"#;
        let inert = inert(page, "tok", "<div>banner</div>");
        assert!(!inert.contains("import(") && !inert.contains("modulepreload"), "{inert}");
        assert!(inert.contains("latch-texts-latch") && inert.contains("/pkg/a.css"), "data and style stay");
        assert!(inert.contains("<input disabled name") && inert.contains("<button disabled>"));
        assert!(
            inert.contains(r#"href="/admin/view/tok/account""#) && inert.contains(r#"href="/admin/view/tok/profile""#)
        );
        assert!(inert.contains(r#"<body class="x"><div>banner</div>"#));
        assert!(inert.contains(r#"<link rel="stylesheet" href="/admin/console.css"></head>"#));
    }
}
