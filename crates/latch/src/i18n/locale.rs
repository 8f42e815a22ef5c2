//! The page's language and time zone: decided on the server for each request
//! (`web::locale`), carried in the page to the browser (`hand_over`), read the same on both.

use super::Lang;

/// What a page is rendered in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Locale {
    /// The page's language.
    pub lang: Lang,
    /// The person's offset from UTC in minutes, east positive, once their browser has said it
    /// (`/passkeys.js` keeps it in the `latch_tz` cookie); until then times are shown in UTC,
    /// said as UTC.
    pub utc_offset_minutes: Option<i16>,
}

impl Locale {
    /// The locale of the page being rendered: on the server, the one the request was given
    /// (`web::locale::decide`), or English in UTC outside a request; in the browser, the one
    /// the page carries.
    pub fn current() -> Locale {
        #[cfg(feature = "ssr")]
        {
            use leptos::prelude::use_context;
            use_context::<Locale>()
                .or_else(|| use_context::<axum::http::request::Parts>()?.extensions.get::<Locale>().copied())
                .unwrap_or_default()
        }
        #[cfg(not(feature = "ssr"))]
        {
            super::hand_over::locale()
        }
    }

    /// Makes this request's locale the one every text below reads without going back to the
    /// request each time. `client::auth_state::provide_auth_state` calls it.
    pub fn provide() {
        #[cfg(feature = "ssr")]
        leptos::prelude::provide_context(Locale::current());
    }

    /// An offset from a browser, in minutes east of UTC, if it is one the world uses
    /// (UTC−12:00 to UTC+14:00).
    pub fn parse_offset(text: &str) -> Option<i16> {
        text.trim().parse::<i16>().ok().filter(|minutes| (-720..=840).contains(minutes))
    }
}

#[cfg(test)]
mod tests {
    use super::Locale;

    #[test]
    fn offsets_outside_the_worlds_zones_are_refused() {
        assert_eq!(Locale::parse_offset("540"), Some(540));
        assert_eq!(Locale::parse_offset("-210"), Some(-210));
        assert_eq!(Locale::parse_offset("900"), None);
        assert_eq!(Locale::parse_offset("nine"), None);
    }
}
