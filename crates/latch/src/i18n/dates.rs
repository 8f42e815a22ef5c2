//! Dates and times as a person reads them, in the page's language and the person's time zone
//! (UTC, said as UTC, until their browser has told it). Computed the same on server and
//! browser from the same catalogue, so hydration matches; no date crate is needed for three
//! formats (Hinnant's days-to-civil).

use super::{Locale, Text};

/// "22 November 2026" / "2026년 11월 22일".
pub fn calendar_date(unix_seconds: i64) -> String {
    format_date(shifted(unix_seconds, Locale::current()), Text::text)
}

/// "22 November 2026, 17:45 UTC" / "2026년 11월 22일 17:45 (UTC)", in the person's zone.
pub fn date_time(unix_seconds: i64) -> String {
    format_date_time(unix_seconds, Locale::current(), Text::text)
}

/// [`date_time`] in `lang` and UTC, for a mail (which knows the account's language, not the
/// reader's zone).
pub fn date_time_in(unix_seconds: i64, lang: super::Lang) -> String {
    format_date_time(unix_seconds, Locale { lang, utc_offset_minutes: None }, move |text: Text| text.text_in(lang))
}

/// "3 minutes ago" within the last day, else [`date_time`]. `now` is the reader's clock: the
/// server's while it renders, the browser's after; a text node hydration takes over keeps
/// the server's words, so a minute turning between the two shows no mismatch.
pub fn relative_time(unix_seconds: i64) -> String {
    format_relative(unix_seconds, now(), Locale::current(), Text::text)
}

fn now() -> i64 {
    #[cfg(feature = "ssr")]
    return std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
    #[cfg(not(feature = "ssr"))]
    return (leptos::web_sys::js_sys::Date::now() / 1000.0) as i64;
}

fn shifted(unix_seconds: i64, locale: Locale) -> i64 {
    unix_seconds + i64::from(locale.utc_offset_minutes.unwrap_or(0)) * 60
}

const MONTHS: [Text; 12] = [
    Text::month_1,
    Text::month_2,
    Text::month_3,
    Text::month_4,
    Text::month_5,
    Text::month_6,
    Text::month_7,
    Text::month_8,
    Text::month_9,
    Text::month_10,
    Text::month_11,
    Text::month_12,
];

fn format_date(local_seconds: i64, text: impl Fn(Text) -> &'static str) -> String {
    let days = local_seconds.div_euclid(86_400) + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    let month = text(MONTHS[(month - 1) as usize]);
    super::fill(text(Text::date_format), &[("day", &day), ("month", &month), ("year", &year)])
}

fn format_date_time(unix_seconds: i64, locale: Locale, text: impl Fn(Text) -> &'static str + Copy) -> String {
    let local = shifted(unix_seconds, locale);
    let minutes = local.rem_euclid(86_400) / 60;
    let time = format!("{:02}:{:02}", minutes / 60, minutes % 60);
    let date = format_date(local, text);
    let zone = zone_name(locale.utc_offset_minutes.unwrap_or(0));
    super::fill(text(Text::date_time_format), &[("date", &date), ("time", &time), ("zone", &zone)])
}

fn format_relative(unix_seconds: i64, now: i64, locale: Locale, text: impl Fn(Text) -> &'static str + Copy) -> String {
    let ago = now - unix_seconds;
    match ago {
        ..0 | 86_400.. => format_date_time(unix_seconds, locale, text),
        0..60 => text(Text::time_just_now).to_owned(),
        60..120 => text(Text::time_a_minute_ago).to_owned(),
        120..3600 => super::fill(text(Text::time_minutes_ago), &[("count", &(ago / 60))]),
        3600..7200 => text(Text::time_an_hour_ago).to_owned(),
        _ => super::fill(text(Text::time_hours_ago), &[("count", &(ago / 3600))]),
    }
}

/// `UTC`, `UTC+9`, `UTC+5:30`, `UTC−3`.
fn zone_name(offset_minutes: i16) -> String {
    let sign = if offset_minutes < 0 { '−' } else { '+' };
    let (hours, minutes) = (offset_minutes.unsigned_abs() / 60, offset_minutes.unsigned_abs() % 60);
    match (hours, minutes) {
        (0, 0) => "UTC".to_owned(),
        (_, 0) => format!("UTC{sign}{hours}"),
        _ => format!("UTC{sign}{hours}:{minutes:02}"),
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn english(key: Text) -> &'static str {
        key.text_in(Lang::En)
    }

    fn korean(key: Text) -> &'static str {
        key.text_in(Lang::Ko)
    }

    const UTC: Locale = Locale { lang: Lang::En, utc_offset_minutes: None };

    #[test]
    fn calendar_dates_match_known_days_in_both_languages() {
        assert_eq!(format_date(0, english), "1 January 1970");
        assert_eq!(format_date(951_782_400, english), "29 February 2000");
        assert_eq!(format_date(1_795_305_600, english), "22 November 2026");
        assert_eq!(format_date(-86_400, english), "31 December 1969");
        assert_eq!(format_date(1_795_305_600, korean), "2026년 11월 22일");
    }

    #[test]
    fn times_are_in_the_persons_zone_and_say_which() {
        let at = 1_795_305_600 + 17 * 3600 + 45 * 60 + 59;
        assert_eq!(format_date_time(at, UTC, english), "22 November 2026, 17:45 UTC");
        let seoul = Locale { lang: Lang::Ko, utc_offset_minutes: Some(540) };
        assert_eq!(format_date_time(at, seoul, korean), "2026년 11월 23일 02:45 (UTC+9)");
        let newfoundland = Locale { lang: Lang::En, utc_offset_minutes: Some(-210) };
        assert_eq!(format_date_time(at, newfoundland, english), "22 November 2026, 14:15 UTC−3:30");
    }

    #[test]
    fn recent_times_read_as_minutes_or_hours_ago() {
        let now = 1_795_305_600;
        assert_eq!(format_relative(now - 5, now, UTC, english), "just now");
        assert_eq!(format_relative(now - 61, now, UTC, english), "a minute ago");
        assert_eq!(format_relative(now - 180, now, UTC, english), "3 minutes ago");
        assert_eq!(format_relative(now - 3 * 3600, now, UTC, korean), "3시간 전");
        assert_eq!(format_relative(now - 2 * 86_400, now, UTC, english), "20 November 2026, 00:00 UTC");
    }
}
