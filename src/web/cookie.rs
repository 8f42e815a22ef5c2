//! The auth cookie: its name, its attributes, and the only code that sets or clears it.

use std::time::Duration;

use tower_cookies::{
    cookie::{time, SameSite},
    Cookie, Cookies,
};

/// Over https the `__Host-` prefix makes the browser insist on Secure, Path=/ and no Domain,
/// so a sibling subdomain cannot plant or shadow the cookie.
const SECURE_NAME: &str = "__Host-latch_session";
/// Plain-http development cannot use the prefix (it requires Secure).
const DEV_NAME: &str = "latch_session";
/// Between a right password and the second step: the challenge, never in a URL.
const SECURE_CHALLENGE_NAME: &str = "__Host-latch_challenge";
const DEV_CHALLENGE_NAME: &str = "latch_challenge";
/// The challenge's own life (`second_factor.rs`).
const CHALLENGE_MAX_AGE_SECS: i64 = 300;

#[derive(Clone, Copy, Debug)]
pub struct AuthCookie {
    secure: bool,
}

impl AuthCookie {
    pub fn new(secure: bool) -> Self {
        Self { secure }
    }

    pub fn name(&self) -> &'static str {
        if self.secure {
            SECURE_NAME
        } else {
            DEV_NAME
        }
    }

    /// HttpOnly (no script can read it), SameSite=Lax (not sent on cross-site POSTs),
    /// Path=/, and a Max-Age equal to the token's life.
    fn build(&self, value: String, max_age: time::Duration) -> Cookie<'static> {
        Cookie::build((self.name(), value))
            .http_only(true)
            .same_site(SameSite::Lax)
            .path("/")
            .secure(self.secure)
            .max_age(max_age)
            .build()
    }

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

    pub fn read(&self, cookies: &Cookies) -> Option<String> {
        cookies.get(self.name()).map(|cookie| cookie.value().to_owned()).filter(|value| !value.is_empty())
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
        Cookie::build((self.challenge_name(), value))
            .http_only(true)
            .same_site(SameSite::Strict)
            .path("/")
            .secure(self.secure)
            .max_age(max_age)
            .build()
    }

    pub fn set_challenge(&self, cookies: &Cookies, challenge: String) {
        cookies.add(self.challenge_cookie(challenge, time::Duration::seconds(CHALLENGE_MAX_AGE_SECS)));
    }

    pub fn read_challenge(&self, cookies: &Cookies) -> Option<String> {
        cookies.get(self.challenge_name()).map(|cookie| cookie.value().to_owned()).filter(|value| !value.is_empty())
    }

    pub fn clear_challenge(&self, cookies: &Cookies) {
        let mut removal = self.challenge_cookie(String::new(), time::Duration::ZERO);
        removal.make_removal();
        cookies.add(removal);
    }
}
