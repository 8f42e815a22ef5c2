//! The access log: one line per request (method, path, status, latency, request id), and a
//! span around the request so that every other line it logs names the same request id.
//!
//! The line is written here, by hand, straight into the log's batch (`log_writer`), in the
//! same shape the log subscriber gives every other line (text or JSON). The subscriber's
//! generic formatter costs many times what a cached `/auth/me` does otherwise; this costs a
//! timestamp, a few copies and one lock. Without an installed writer (tests
//! that run the router in process), the line is an ordinary `tracing` event.

use std::{
    io::Write as _,
    sync::OnceLock,
    time::{Duration, Instant, SystemTime},
};

use axum::{extract::Request, middleware::Next, response::Response};
use tracing::Instrument;

use super::{
    line_text::{push_millis, push_number, rfc3339},
    log_writer::{BatchedWriter, LogFormat},
};
use crate::server::middleware::request_id::{self, RequestId, X_REQUEST_ID};

/// Where access lines go, once `telemetry::init` has set the log up.
static DESTINATION: OnceLock<(BatchedWriter, LogFormat)> = OnceLock::new();

/// Sends access lines to `writer` in `format` from now on.
pub fn install(writer: BatchedWriter, format: LogFormat) {
    let _ = DESTINATION.set((writer, format));
}

/// What one access line says.
struct Served<'a> {
    method: &'a str,
    path: &'a str,
    request_id: &'a str,
    status: u16,
    latency: Duration,
}

/// The outermost middleware: gives the request its id, runs it inside the `http` span (so
/// the lines it logs carry the id), returns the id in `X-Request-Id`, and logs one line.
/// The line is written when the span is enabled (`info` for this module, the default).
pub async fn identify_and_log(mut request: Request, next: Next) -> Response {
    let id = request_id::for_request(request.headers());
    request.extensions_mut().insert(RequestId(id.clone()));
    let id_text = id.to_str().unwrap_or("");
    // The path only: query strings can carry `next=` values and never need logging.
    // The id alone: the request's other lines need only it to meet their access line, which
    // names the method and path (three fields cost three times one to record).
    let span = tracing::info_span!("http", request_id = id_text);
    if span.is_disabled() {
        let mut response = next.run(request).await;
        response.headers_mut().insert(X_REQUEST_ID.clone(), id);
        return response;
    }
    let started = Instant::now();
    let (method, uri) = (request.method().clone(), request.uri().clone());
    let mut response = next.run(request).instrument(span.clone()).await;
    let served = Served {
        method: method.as_str(),
        path: uri.path(),
        request_id: id_text,
        status: response.status().as_u16(),
        latency: started.elapsed(),
    };
    match DESTINATION.get() {
        Some((writer, format)) => write_line(writer, *format, &served),
        None => span.in_scope(|| {
            let (method, path, status) = (served.method, served.path, served.status);
            tracing::info!(method, path, status, latency_ms = latency_ms(served.latency), "served");
        }),
    }
    response.headers_mut().insert(X_REQUEST_ID.clone(), id);
    response
}

/// Milliseconds, rounded to hundredths.
fn latency_ms(latency: Duration) -> f64 {
    (latency.as_secs_f64() * 1e5).round() / 100.0
}

thread_local! {
    /// Each worker thread formats its lines into its own buffer, reused line after line.
    static LINE: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

fn write_line(writer: &BatchedWriter, format: LogFormat, served: &Served<'_>) {
    LINE.with_borrow_mut(|line| {
        line.clear();
        format_line(line, format, SystemTime::now(), served);
        writer.clone().write_all(line.as_bytes()).ok();
    });
}

/// `text` inside a double-quoted field: `"` and `\` escaped, control characters as `\u{..}`.
fn push_quoted_text(line: &mut String, text: &str) {
    // Almost every path has nothing to escape: one scan, one copy.
    if !text.chars().any(|c| c == '"' || c == '\\' || c.is_control()) {
        line.push_str(text);
        return;
    }
    for c in text.chars() {
        match c {
            '"' => line.push_str("\\\""),
            '\\' => line.push_str("\\\\"),
            c if c.is_control() => line.push_str(&c.escape_unicode().to_string()),
            c => line.push(c),
        }
    }
}

/// The line as the log subscriber writes its own: `fmt`'s full text format without colours,
/// or its JSON with the event's fields flattened and the request's span beside them. Pieces
/// are pushed, not formatted: `write!` with its padding and float printing would be most of
/// the line's cost.
fn format_line(line: &mut String, format: LogFormat, now: SystemTime, served: &Served<'_>) {
    match format {
        LogFormat::Text => {
            rfc3339(line, now);
            line.push_str("  INFO http{method=");
            line.push_str(served.method);
            // Quoted and escaped: a path may hold `"`, `}` or `\`, which would otherwise end the
            // span's fields early and let a request write a line of its own choosing.
            line.push_str(" path=\"");
            push_quoted_text(line, served.path);
            line.push_str("\" request_id=\"");
            // Only `[A-Za-z0-9._:-]` (see `request_id`): nothing to escape.
            line.push_str(served.request_id);
            line.push_str("\"}: served status=");
            push_number(line, u64::from(served.status));
            line.push_str(" latency_ms=");
            push_millis(line, served.latency);
            line.push('\n');
        }
        LogFormat::Json => {
            line.push_str("{\"timestamp\":\"");
            rfc3339(line, now);
            line.push_str("\",\"level\":\"INFO\",\"message\":\"served\",\"status\":");
            push_number(line, u64::from(served.status));
            line.push_str(",\"latency_ms\":");
            push_millis(line, served.latency);
            line.push_str(",\"span\":{\"method\":");
            json_string(line, served.method);
            line.push_str(",\"path\":");
            json_string(line, served.path);
            line.push_str(",\"request_id\":");
            json_string(line, served.request_id);
            line.push_str(",\"name\":\"http\"}}\n");
        }
    }
}

fn json_string(line: &mut String, text: &str) {
    // Writing JSON into a String cannot fail.
    let _ = serde_json::to_string(text).map(|quoted| line.push_str(&quoted));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::UNIX_EPOCH;

    fn served() -> Served<'static> {
        Served {
            method: "GET",
            path: "/auth/\"me\"",
            request_id: "nginx-0f8f",
            status: 200,
            latency: Duration::from_micros(1234),
        }
    }

    /// 2026-11-22T23:48:02.465872Z
    fn moment() -> SystemTime {
        UNIX_EPOCH + Duration::from_micros(1_795_391_282_465_872)
    }

    #[test]
    fn a_text_line_reads_like_every_other_log_line() {
        let mut line = String::new();
        format_line(&mut line, LogFormat::Text, moment(), &served());
        assert_eq!(
            line,
            "2026-11-22T23:48:02.465872Z  INFO http{method=GET path=\"/auth/\\\"me\\\"\" request_id=\"nginx-0f8f\"}: \
             served status=200 latency_ms=1.23\n"
        );
    }

    #[test]
    fn a_path_cannot_close_the_span_or_forge_fields_in_a_text_line() {
        let forged = Served { path: "/x\"}: served status=200 forged=\\\"yes", ..served() };
        let mut line = String::new();
        format_line(&mut line, LogFormat::Text, moment(), &forged);
        assert!(
            line.contains(
                r#"path="/x\"}: served status=200 forged=\\\"yes" request_id="nginx-0f8f"}: served status=200"#
            ),
            "{line}"
        );
        assert_eq!(line.matches("}: served").count(), 2, "the forged text stays inside the quoted path: {line}");
        assert!(!line.contains(r#"path="/x"}"#), "{line}");
    }

    #[test]
    fn a_json_line_is_one_object_with_the_span_beside_the_fields() {
        let mut line = String::new();
        format_line(&mut line, LogFormat::Json, moment(), &served());
        assert!(line.ends_with('\n') && line.matches('\n').count() == 1);
        let value: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(
            value,
            serde_json::json!({
                "timestamp": "2026-11-22T23:48:02.465872Z", "level": "INFO", "message": "served",
                "status": 200, "latency_ms": 1.23,
                "span": { "method": "GET", "path": "/auth/\"me\"", "request_id": "nginx-0f8f", "name": "http" }
            })
        );
    }
}
