//! Cross-site request refusal. A browser attaches the auth cookie to requests that other sites
//! start; SameSite=Lax stops most of them, but not same-site siblings (another port, another
//! subdomain), and not login CSRF, which needs no cookie at all (signing a browser into the
//! attacker's account, at any step of any way in). So the rule names no route: every request
//! that changes state and comes from a browser on another origin is refused. Only Latch's own
//! pages post to Latch from a browser, and programs say no origin; a new sign-in route cannot
//! be left off a list, because there is none. One exception: a request that authenticates by
//! a bearer token alone (no auth cookie). A browser never attaches a bearer token by itself,
//! so another site cannot ride one, and a program that sends an `Origin` keeps working.

use axum::{
    extract::{Request, State},
    http::{
        header::{AUTHORIZATION, ORIGIN},
        HeaderMap, Method,
    },
    middleware::Next,
    response::{IntoResponse, Response},
};
use std::sync::Arc;

use tower_cookies::Cookies;

use crate::{api::error::ApiError, auth::error::AuthError, web::cookie::AuthCookie};

/// What the check needs, and nothing more: it runs on every request.
#[derive(Clone)]
pub struct CsrfPolicy {
    public_origin: Arc<str>,
    cookie: AuthCookie,
}

impl CsrfPolicy {
    /// The policy for a site at `public_origin`, whose session cookie is `cookie`.
    pub fn new(public_origin: &str, cookie: AuthCookie) -> Self {
        Self { public_origin: public_origin.into(), cookie }
    }

    /// A bearer token and no auth cookie: nothing a browser adds on its own.
    fn bearer_only(&self, request: &Request) -> bool {
        let bearer = request
            .headers()
            .get(AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.len() > 7 && value[..7].eq_ignore_ascii_case("bearer "));
        let carries_cookie =
            request.extensions().get::<Cookies>().is_some_and(|cookies| self.cookie.read(cookies).is_some());
        bearer && !carries_cookie
    }
}

/// Refuses a state change from another site (403), unless it carries only a bearer token.
pub async fn refuse_cross_site(State(policy): State<CsrfPolicy>, request: Request, next: Next) -> Response {
    let changes_state = !matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if changes_state && is_cross_site(request.headers(), &policy.public_origin) && !policy.bearer_only(&request) {
        tracing::warn!(event = "cross_site_refused", path = %request.uri().path(), "cross-site request refused");
        return ApiError::Auth(AuthError::CrossSite).into_response();
    }
    next.run(request).await
}

/// Browsers say where a request comes from in `Sec-Fetch-Site` (all current ones) and
/// `Origin` (on every POST). Programs send neither, and are not browsers riding a cookie.
fn is_cross_site(headers: &HeaderMap, public_origin: &str) -> bool {
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if fetch_site.is_some_and(|site| site != "same-origin" && site != "none") {
        return true;
    }
    headers
        .get(ORIGIN)
        .is_some_and(|origin| !origin.to_str().is_ok_and(|origin| origin.eq_ignore_ascii_case(public_origin)))
}

#[cfg(test)]
mod tests {
    use super::is_cross_site;
    use axum::http::HeaderMap;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs.iter().map(|(k, v)| (k.parse().unwrap(), v.parse().unwrap())).collect()
    }

    const SITE: &str = "http://127.0.0.1:3000";

    #[test]
    fn our_own_origin_and_header_less_programs_pass() {
        assert!(!is_cross_site(
            &headers(&[("origin", "http://127.0.0.1:3000"), ("sec-fetch-site", "same-origin")]),
            SITE
        ));
        assert!(!is_cross_site(&headers(&[]), SITE));
        assert!(!is_cross_site(&headers(&[("sec-fetch-site", "none")]), SITE));
    }

    #[test]
    fn another_origin_a_sibling_site_or_an_opaque_origin_is_refused() {
        assert!(is_cross_site(&headers(&[("origin", "http://evil.example")]), SITE));
        assert!(is_cross_site(&headers(&[("origin", "http://127.0.0.1:4000")]), SITE));
        assert!(is_cross_site(&headers(&[("origin", "null")]), SITE));
        assert!(is_cross_site(&headers(&[("sec-fetch-site", "same-site")]), SITE));
        assert!(is_cross_site(&headers(&[("sec-fetch-site", "cross-site")]), SITE));
    }
}
