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
}
