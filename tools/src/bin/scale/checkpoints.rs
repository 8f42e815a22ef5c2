//! What SQLite's checkpoints cost at each size, read from the server's log: Latch copies the
//! log back into the database file in the background (`latch::web::db::checkpoints`), and
//! before it did so each of these was paid by the request whose commit took the log past
//! 1,000 pages.

use std::path::Path;

/// The background checkpoints the server at `log` logged that copied something: how many,
/// the pages copied, and their time (p50, p99, the longest). `None` when there were none
/// (PostgreSQL, whose checkpointer is its own).
pub fn from_log(log: &Path) -> Option<serde_json::Value> {
    let text = std::fs::read_to_string(log).ok()?;
    let mut millis = Vec::new();
    let mut pages = 0;
    for line in text.lines().filter(|line| line.contains("copied the log back")) {
        let copied: i64 = field(line, "copied").unwrap_or(0.0) as i64;
        if copied > 0 {
            pages += copied;
            millis.push(field(line, "millis").unwrap_or(f64::NAN));
        }
    }
    if millis.is_empty() {
        return None;
    }
    millis.sort_by(f64::total_cmp);
    let at = |share: f64| millis[((millis.len() as f64 * share).ceil() as usize).clamp(1, millis.len()) - 1];
    Some(serde_json::json!({
        "name": "checkpoints in the background", "checkpoints": millis.len(), "pages": pages,
        "p50_ms": at(0.50), "p99_ms": at(0.99), "max_ms": at(1.0),
    }))
}

/// The value of ` name=` in a log line, as a number.
fn field(line: &str, name: &str) -> Option<f64> {
    let start = line.find(&format!(" {name}="))? + name.len() + 2;
    line[start..].split(' ').next()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_pages_and_times_of_the_checkpoints_that_copied_something() {
        let dir = std::env::temp_dir().join(format!("scale-checkpoints-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let log = dir.join("server.log");
        let lines = [
            "2026-12-03T12:00:00Z DEBUG copied the log back into the database file busy=0 logged=0 copied=0 millis=0.1",
            "2026-12-03T12:00:01Z DEBUG copied the log back into the database file busy=0 logged=800 copied=800 millis=12.5",
            "2026-12-03T12:00:02Z  INFO deleted expired sessions event=\"sessions_pruned\" deleted=3 millis=99",
            "2026-12-03T12:00:03Z DEBUG copied the log back into the database file busy=0 logged=200 copied=200 millis=2.5",
        ];
        std::fs::write(&log, lines.join("\n")).unwrap();
        let read = from_log(&log).unwrap();
        assert_eq!((read["checkpoints"].as_i64(), read["pages"].as_i64()), (Some(2), Some(1000)));
        assert_eq!((read["p50_ms"].as_f64(), read["max_ms"].as_f64()), (Some(2.5), Some(12.5)));
        std::fs::write(&log, lines[2]).unwrap();
        assert!(from_log(&log).is_none(), "no checkpoint lines: nothing to report");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
