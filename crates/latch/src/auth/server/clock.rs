//! The time as the account rules count it: whole Unix seconds, UTC.

use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds since the Unix epoch, UTC: every time Latch stores.
pub fn unix_now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}
