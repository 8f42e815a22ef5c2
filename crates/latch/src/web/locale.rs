//! Which language and time zone a request is answered in, decided on the server in one order
//! for every door: the person's choice on this browser (the `latch_lang` cookie the switch
//! sets), then their account's language, then the browser's `Accept-Language`, then English.
//! The time zone is the offset the browser reported (`latch_tz`), else UTC.

use axum::http::{header::ACCEPT_LANGUAGE, HeaderMap};
use tower_cookies::Cookies;

use crate::i18n::{Lang, Locale};

/// The cookie that remembers the language a person chose with the switch.
pub const LANGUAGE_COOKIE: &str = "latch_lang";
/// The cookie in which the browser reports its offset from UTC, in minutes east.
pub const TIME_ZONE_COOKIE: &str = "latch_tz";

/// The locale of a request from someone whose account speaks `account` (`None`: nobody is
/// signed in). `pseudo_allowed`: whether the pseudo language may be chosen (configuration).
pub fn decide(headers: &HeaderMap, cookies: Option<&Cookies>, account: Option<Lang>, pseudo_allowed: bool) -> Locale {
    let chosen = cookies
        .and_then(|cookies| cookies.get(LANGUAGE_COOKIE))
        .and_then(|cookie| Lang::from_tag(cookie.value()))
        .filter(|lang| pseudo_allowed || *lang != Lang::Pseudo);
    let account = account.filter(|lang| pseudo_allowed || *lang != Lang::Pseudo);
    let lang = chosen.or(account).or_else(|| browser_language(headers)).unwrap_or_default();
    let utc_offset_minutes = cookies
        .and_then(|cookies| cookies.get(TIME_ZONE_COOKIE))
        .and_then(|cookie| Locale::parse_offset(cookie.value()));
    Locale { lang, utc_offset_minutes }
}

/// The language a request's `Accept-Language` prefers, if Latch speaks one it lists.
pub fn browser_language(headers: &HeaderMap) -> Option<Lang> {
    headers.get(ACCEPT_LANGUAGE).and_then(|value| value.to_str().ok()).and_then(Lang::from_accept_language)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_cookies::Cookie;

    fn korean_browser() -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT_LANGUAGE, "ko-KR,ko;q=0.9".parse().unwrap());
        headers
    }

    #[test]
    fn the_choice_beats_the_account_which_beats_the_browser() {
        let cookies = Cookies::default();
        assert_eq!(decide(&HeaderMap::new(), Some(&cookies), None, false).lang, Lang::En);
        assert_eq!(decide(&korean_browser(), Some(&cookies), None, false).lang, Lang::Ko);
        assert_eq!(decide(&korean_browser(), Some(&cookies), Some(Lang::En), false).lang, Lang::En);
        cookies.add(Cookie::new(LANGUAGE_COOKIE, "ko"));
        assert_eq!(decide(&HeaderMap::new(), Some(&cookies), Some(Lang::En), false).lang, Lang::Ko);
    }

    #[test]
    fn the_pseudo_language_is_served_only_where_configured() {
        let cookies = Cookies::default();
        cookies.add(Cookie::new(LANGUAGE_COOKIE, "en-XA"));
        assert_eq!(decide(&korean_browser(), Some(&cookies), None, false).lang, Lang::Ko);
        assert_eq!(decide(&korean_browser(), Some(&cookies), None, true).lang, Lang::Pseudo);
    }

    #[test]
    fn the_time_zone_is_the_browsers_offset_or_utc() {
        let cookies = Cookies::default();
        assert_eq!(decide(&HeaderMap::new(), Some(&cookies), None, false).utc_offset_minutes, None);
        cookies.add(Cookie::new(TIME_ZONE_COOKIE, "540"));
        assert_eq!(decide(&HeaderMap::new(), Some(&cookies), None, false).utc_offset_minutes, Some(540));
        cookies.add(Cookie::new(TIME_ZONE_COOKIE, "99999"));
        assert_eq!(decide(&HeaderMap::new(), Some(&cookies), None, false).utc_offset_minutes, None);
    }
}
