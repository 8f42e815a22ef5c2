//! The pieces of a log line that are written by hand, without `format!` on the hot path:
//! whole numbers, milliseconds with two decimals, and the UTC timestamp.

use std::{
    fmt::Write as _,
    time::{Duration, SystemTime, UNIX_EPOCH},
};

/// `n` in decimal digits.
pub fn push_number(line: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    line.push_str(std::str::from_utf8(&digits[at..]).unwrap_or("0"));
}

/// Milliseconds with two decimals, rounded: `0.25`, `12.00`.
pub fn push_millis(line: &mut String, latency: Duration) {
    let hundredths = (latency.as_micros() as u64 + 5) / 10;
    push_number(line, hundredths / 100);
    line.push('.');
    if hundredths % 100 < 10 {
        line.push('0');
    }
    push_number(line, hundredths % 100);
}

thread_local! {
    /// The second a thread last wrote, and its text up to the decimal point.
    static SECOND: std::cell::RefCell<(u64, String)> = const { std::cell::RefCell::new((u64::MAX, String::new())) };
}

/// `2026-11-22T23:48:02.465872Z`: UTC, microseconds, as the log subscriber writes its time.
/// The date and time of day change once a second, so each thread formats them once a second.
pub fn rfc3339(line: &mut String, now: SystemTime) {
    let since_epoch = now.duration_since(UNIX_EPOCH).unwrap_or_default();
    let seconds = since_epoch.as_secs();
    SECOND.with_borrow_mut(|(second, text)| {
        if *second != seconds {
            let (year, month, day) = civil_from_days((seconds / 86_400) as i64);
            let in_day = seconds % 86_400;
            text.clear();
            let _ = write!(
                text,
                "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.",
                in_day / 3600,
                in_day / 60 % 60,
                in_day % 60
            );
            *second = seconds;
        }
        line.push_str(text);
    });
    let micros = since_epoch.subsec_micros();
    let mut digits = [b'0'; 6];
    for (i, digit) in digits.iter_mut().enumerate() {
        *digit = b'0' + (micros / 10u32.pow(5 - i as u32) % 10) as u8;
    }
    line.push_str(std::str::from_utf8(&digits).unwrap_or("000000"));
    line.push('Z');
}

/// The proleptic Gregorian date of a day counted from 1970-01-01 (Howard Hinnant's
/// `civil_from_days`, public domain).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_index + 2) / 5 + 1) as u32;
    let month = if month_index < 10 { month_index + 3 } else { month_index - 9 } as u32;
    (year_of_era + era * 400 + i64::from(month <= 2), month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-11-22T23:48:02.465872Z
    fn moment() -> SystemTime {
        UNIX_EPOCH + Duration::from_micros(1_795_391_282_465_872)
    }

    #[test]
    fn dates_are_the_calendars() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(20_779), (2026, 11, 22));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        let mut line = String::new();
        rfc3339(&mut line, moment());
        assert_eq!(line, "2026-11-22T23:48:02.465872Z");
    }

    #[test]
    fn numbers_and_latencies_are_written_in_full() {
        let mut line = String::new();
        for n in [0, 7, 200, 18_446_744_073_709_551_615] {
            push_number(&mut line, n);
            line.push(' ');
        }
        for micros in [0, 4, 5, 99_994, 2_000_000] {
            push_millis(&mut line, Duration::from_micros(micros));
            line.push(' ');
        }
        assert_eq!(line, "0 7 200 18446744073709551615 0.00 0.00 0.01 99.99 2000.00 ");
        let mut line = String::new();
        rfc3339(&mut line, UNIX_EPOCH + Duration::from_micros(1_795_391_282_000_007));
        assert_eq!(line, "2026-11-22T23:48:02.000007Z", "the second, then another time in the same second");
        line.clear();
        rfc3339(&mut line, moment());
        assert_eq!(line, "2026-11-22T23:48:02.465872Z");
    }
}
