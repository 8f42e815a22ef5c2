//! Dates as a person reads them, computed the same on server and browser so that hydration
//! matches; no date crate needed for two formats.

/// "22 November 2026" for a Unix time, in UTC. Computed the same on server and browser, so
/// hydration matches; no date crate needed for one format (Hinnant's days-to-civil).
pub fn calendar_date(unix_seconds: i64) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let days = unix_seconds.div_euclid(86_400) + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!("{day} {} {year}", MONTHS[(month - 1) as usize])
}

/// "22 November 2026, 17:45 UTC": computed the same on server and browser, so hydration matches.
pub fn date_time(unix_seconds: i64) -> String {
    let minutes = unix_seconds.rem_euclid(86_400) / 60;
    format!("{}, {:02}:{:02} UTC", calendar_date(unix_seconds), minutes / 60, minutes % 60)
}

#[cfg(test)]
mod tests {
    use super::{calendar_date, date_time};

    #[test]
    fn calendar_dates_match_known_days() {
        assert_eq!(calendar_date(0), "1 January 1970");
        assert_eq!(calendar_date(951_782_400), "29 February 2000");
        assert_eq!(calendar_date(1_795_305_600), "22 November 2026");
        assert_eq!(calendar_date(-86_400), "31 December 1969");
    }

    #[test]
    fn times_are_hours_and_minutes_in_utc() {
        assert_eq!(date_time(1_795_305_600 + 17 * 3600 + 45 * 60 + 59), "22 November 2026, 17:45 UTC");
        assert_eq!(date_time(0), "1 January 1970, 00:00 UTC");
    }
}
