//! The auth cookie: its name, its attributes, and the only code that sets or clears it.

use std::time::Duration;

use axum::http::{header::COOKIE, HeaderMap};

use tower_cookies::{
    cookie::{time, SameSite},
    Cookie, Cookies,
};

use super::locale::LANGUAGE_COOKIE;
use crate::i18n::Lang;

/// Over https the `__Host-` prefix makes the browser insist on Secure, Path=/ and no Domain,
/// so a sibling subdomain cannot plant or shadow the cookie.
const SECURE_NAME: &str = "__Host-latch_session";
/// Plain-http development cannot use the prefix (it requires Secure).
const DEV_NAME: &str = "latch_session";
/// Between a right password and the second step: the challenge, never in a URL.
const SECURE_CHALLENGE_NAME: &str = "__Host-latch_challenge";
const DEV_CHALLENGE_NAME: &str = "latch_challenge";
/// The challenge's own life (`auth::server::factors::second_step`).
const CHALLENGE_MAX_AGE_SECS: i64 = 300;
/// Between leaving for a provider and its callback: the secret naming the sign-in under way.
const SECURE_PROVIDER_NAME: &str = "__Host-latch_provider";
const DEV_PROVIDER_NAME: &str = "latch_provider";
/// Names this browser across its sessions (`auth::server::notices`), so that a sign-in from it
/// is not a "new device" every time; as long as browsers keep a cookie (400 days at most).
/// A sign-in by email under way: the asking browser's secret (`auth::server::email_sign_in`).
const SECURE_EMAIL_SIGN_IN_NAME: &str = "__Host-latch_email_sign_in";
const DEV_EMAIL_SIGN_IN_NAME: &str = "latch_email_sign_in";
const SECURE_DEVICE_NAME: &str = "__Host-latch_device";
const DEV_DEVICE_NAME: &str = "latch_device";
const DEVICE_MAX_AGE_DAYS: i64 = 400;

/// The session cookie: `__Host-latch_session` when Secure, `latch_session` otherwise.
#[derive(Clone, Copy, Debug)]
pub struct AuthCookie {
    secure: bool,
}

impl AuthCookie {
    /// The cookie, Secure (and `__Host-`) or not.
    pub fn new(secure: bool) -> Self {
        Self { secure }
    }

    /// The cookie's name.
    pub fn name(&self) -> &'static str {
        if self.secure {
            SECURE_NAME
        } else {
            DEV_NAME
        }
    }

    /// The session cookie: HttpOnly (no script can read it), SameSite=Lax (not sent on
    /// cross-site POSTs), Path=/, and a Max-Age equal to the token's life.
    fn build(&self, value: String, max_age: time::Duration) -> Cookie<'static> {
        self.http_only_cookie(self.name(), value, SameSite::Lax, max_age)
    }

    /// Remembers the language chosen on this browser (`web::locale`), for a year.
    pub fn set_language(&self, cookies: &Cookies, lang: Lang) {
        let year = time::Duration::days(365);
        cookies.add(self.http_only_cookie(LANGUAGE_COOKIE, lang.tag().to_owned(), SameSite::Lax, year));
    }

    /// One of our cookies: HttpOnly, on the whole site, Secure when the site is.
    fn http_only_cookie(
        &self,
        name: &'static str,
        value: String,
        same_site: SameSite,
        max_age: time::Duration,
    ) -> Cookie<'static> {
        Cookie::build((name, value))
            .http_only(true)
            .same_site(same_site)
            .path("/")
            .secure(self.secure)
            .max_age(max_age)
            .build()
    }

    /// Sets the session cookie to `token`, for `max_age`.
    pub fn set(&self, cookies: &Cookies, token: String, max_age: Duration) {
        let max_age = time::Duration::seconds(max_age.as_secs() as i64);
        cookies.add(self.build(token, max_age));
    }

    /// Tells the browser to drop the cookie: same name and attributes, empty, already expired.
    pub fn clear(&self, cookies: &Cookies) {
        let mut removal = self.build(String::new(), time::Duration::ZERO);
        removal.make_removal();
        cookies.add(removal);
    }

    /// The session token the jar holds, if any.
    pub fn read(&self, cookies: &Cookies) -> Option<String> {
        cookies.get(self.name()).map(|cookie| cookie.value().to_owned()).filter(|value| !value.is_empty())
    }

    /// The same answer as [`AuthCookie::read`], found by scanning the request's `Cookie`
    /// headers instead of building the jar: building it (every cookie parsed, each a small
    /// allocation) is a large part of the browser's `GET /api/auth/me`. The last cookie of the
    /// name wins, as in the jar. Anything the jar would decode (`%`, a quoted value) is left
    /// to the jar, so the two never disagree.
    pub fn read_request(&self, headers: &HeaderMap, cookies: Option<&Cookies>) -> Option<String> {
        let mut found = None;
        for header in headers.get_all(COOKIE) {
            let Ok(text) = header.to_str() else { continue };
            if text.contains('%') || text.contains('"') {
                return cookies.and_then(|cookies| self.read(cookies));
            }
            for pair in text.split(';') {
                if let Some((name, value)) = pair.split_once('=') {
                    if name.trim() == self.name() {
                        found = Some(value.trim());
                    }
                }
            }
        }
        found.filter(|value| !value.is_empty()).map(str::to_owned)
    }

    fn challenge_name(&self) -> &'static str {
        if self.secure {
            SECURE_CHALLENGE_NAME
        } else {
            DEV_CHALLENGE_NAME
        }
    }

    /// The second step's challenge: HttpOnly, SameSite=Strict, five minutes.
    fn challenge_cookie(&self, value: String, max_age: time::Duration) -> Cookie<'static> {
        self.http_only_cookie(self.challenge_name(), value, SameSite::Strict, max_age)
    }

    /// Keeps a login's second-step challenge in its own short-lived cookie.
    pub fn set_challenge(&self, cookies: &Cookies, challenge: String) {
        cookies.add(self.challenge_cookie(challenge, time::Duration::seconds(CHALLENGE_MAX_AGE_SECS)));
    }

    /// The second-step challenge, if the browser carries one.
    pub fn read_challenge(&self, cookies: &Cookies) -> Option<String> {
        cookies.get(self.challenge_name()).map(|cookie| cookie.value().to_owned()).filter(|value| !value.is_empty())
    }

    /// Clears the second-step challenge's cookie.
    pub fn clear_challenge(&self, cookies: &Cookies) {
        let mut removal = self.challenge_cookie(String::new(), time::Duration::ZERO);
        removal.make_removal();
        cookies.add(removal);
    }

    fn provider_name(&self) -> &'static str {
        if self.secure {
            SECURE_PROVIDER_NAME
        } else {
            DEV_PROVIDER_NAME
        }
    }

    /// The sign-in under way at a provider: HttpOnly, SameSite=Lax (the provider sends the
    /// browser back with a cross-site navigation, which a Strict cookie would not follow),
    /// for as long as the sign-in may take (`identities::flow::FLOW_SECS`).
    fn provider_cookie(&self, value: String, max_age: time::Duration) -> Cookie<'static> {
        self.http_only_cookie(self.provider_name(), value, SameSite::Lax, max_age)
    }

    /// Keeps the secret of a sign-in sent to a provider until its callback.
    pub fn set_provider_flow(&self, cookies: &Cookies, secret: String, max_age_secs: i64) {
        cookies.add(self.provider_cookie(secret, time::Duration::seconds(max_age_secs)));
    }

    /// The secret of the sign-in under way at a provider, if the browser carries one.
    pub fn read_provider_flow(&self, cookies: &Cookies) -> Option<String> {
        cookies.get(self.provider_name()).map(|cookie| cookie.value().to_owned()).filter(|value| !value.is_empty())
    }

    /// Clears it: the callback is over, whatever its outcome.
    pub fn clear_provider_flow(&self, cookies: &Cookies) {
        let mut removal = self.provider_cookie(String::new(), time::Duration::ZERO);
        removal.make_removal();
        cookies.add(removal);
    }

    fn email_sign_in_name(&self) -> &'static str {
        if self.secure {
            SECURE_EMAIL_SIGN_IN_NAME
        } else {
            DEV_EMAIL_SIGN_IN_NAME
        }
    }

    /// Keeps the secret of this browser's sign-in by email for as long as the request lives:
    /// HttpOnly, SameSite=Lax (the mail's link, opened in this browser, is a cross-site
    /// navigation that must carry it).
    pub fn set_email_sign_in(&self, cookies: &Cookies, secret: String, max_age_secs: i64) {
        let max_age = time::Duration::seconds(max_age_secs);
        cookies.add(self.http_only_cookie(self.email_sign_in_name(), secret, SameSite::Lax, max_age));
    }

    /// The secret of this browser's sign-in by email, if it carries one.
    pub fn read_email_sign_in(&self, cookies: &Cookies) -> Option<String> {
        cookies.get(self.email_sign_in_name()).map(|cookie| cookie.value().to_owned()).filter(|value| !value.is_empty())
    }

    /// Clears it: the request is used or over.
    pub fn clear_email_sign_in(&self, cookies: &Cookies) {
        let mut removal =
            self.http_only_cookie(self.email_sign_in_name(), String::new(), SameSite::Lax, time::Duration::ZERO);
        removal.make_removal();
        cookies.add(removal);
    }

    /// The browser's device secret: the one it carries when well-formed, else a new one (set
    /// by [`AuthCookie::set_device`] once a sign-in succeeds).
    pub fn device_of(&self, cookies: &Cookies) -> String {
        let name = if self.secure { SECURE_DEVICE_NAME } else { DEV_DEVICE_NAME };
        cookies
            .get(name)
            .map(|cookie| cookie.value().to_owned())
            .filter(|value| crate::auth::server::notices::is_device_secret(value))
            .unwrap_or_else(crate::auth::server::notices::new_device_secret)
    }

    /// Keeps (or refreshes) the device secret: HttpOnly, SameSite=Lax, apart from any session
    /// and outliving them.
    pub fn set_device(&self, cookies: &Cookies, device: &str) {
        let name = if self.secure { SECURE_DEVICE_NAME } else { DEV_DEVICE_NAME };
        let max_age = time::Duration::days(DEVICE_MAX_AGE_DAYS);
        cookies.add(self.http_only_cookie(name, device.to_owned(), SameSite::Lax, max_age));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The jar tower_cookies' layer builds for a request with these headers.
    fn jar(headers: &HeaderMap) -> Cookies {
        use tower::{Layer, ServiceExt};
        let reveal = tower::service_fn(|request: axum::http::Request<()>| async move {
            Ok::<_, std::convert::Infallible>(axum::http::Response::new(request.extensions().get::<Cookies>().cloned()))
        });
        let mut request = axum::http::Request::new(());
        *request.headers_mut() = headers.clone();
        let service = tower_cookies::CookieManagerLayer::new().layer(reveal);
        let response = futures::executor::block_on(service.oneshot(request)).unwrap();
        response.into_body().expect("the layer puts the jar in the request")
    }

    #[test]
    fn scanning_the_header_reads_what_the_jar_reads() {
        let cookie = AuthCookie::new(false);
        let cases: &[&[&str]] = &[
            &["latch_session=abc.def-_x"],
            &["theme=dark; latch_session=abc ;other=1"],
            &["latch_session=first", "latch_session=second"],
            &["latch_session="],
            &["latch_sessionx=no; xlatch_session=no"],
            &["latch_session=%61bc"],
            &["latch_session=\"quoted\""],
            &["lat%63h_session=encoded-name"],
            &["no cookie here", "latch_session=after-junk"],
            &[],
        ];
        for headers in cases {
            let map: HeaderMap = headers.iter().map(|value| (COOKIE, value.parse().unwrap())).collect();
            let cookies = jar(&map);
            assert_eq!(cookie.read_request(&map, Some(&cookies)), cookie.read(&cookies), "{headers:?}");
        }
        let secure = AuthCookie::new(true);
        let map: HeaderMap =
            [(COOKIE, "latch_session=dev; __Host-latch_session=tls".parse().unwrap())].into_iter().collect();
        assert_eq!(secure.read_request(&map, None).as_deref(), Some("tls"));
    }
}
