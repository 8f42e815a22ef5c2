//! The token a request presents: an `Authorization: Bearer` header, or else the auth cookie.
//! Both doors ask this one question the same way; what a missing or bad token answers is
//! theirs to say.

use axum::http::{header::AUTHORIZATION, HeaderMap};
use tower_cookies::Cookies;

use super::cookie::AuthCookie;

/// The bearer token wins over the cookie: a program that sends one means it.
pub fn presented_token(headers: &HeaderMap, cookie: AuthCookie, cookies: Option<&Cookies>) -> Option<String> {
    bearer_token(headers).or_else(|| cookie.read_request(headers, cookies))
}

fn bearer_token(headers: &HeaderMap) -> Option<String> {
    let (scheme, token) = headers.get(AUTHORIZATION)?.to_str().ok()?.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then(|| token.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(authorization: &str) -> HeaderMap {
        HeaderMap::from_iter([(AUTHORIZATION, authorization.parse().unwrap())])
    }

    #[test]
    fn only_a_non_empty_bearer_token_counts() {
        let cookie = AuthCookie::new(false);
        assert_eq!(presented_token(&headers("Bearer abc"), cookie, None).as_deref(), Some("abc"));
        assert_eq!(presented_token(&headers("bearer  abc "), cookie, None).as_deref(), Some("abc"));
        assert_eq!(presented_token(&headers("Basic abc"), cookie, None), None);
        assert_eq!(presented_token(&headers("Bearer "), cookie, None), None);
        assert_eq!(presented_token(&HeaderMap::new(), cookie, None), None);
    }
}
