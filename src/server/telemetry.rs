//! Logging on stderr: readable lines in development, JSON lines in production (one object per
//! line, for a log collector); `LOG_FORMAT` (`text` or `json`) overrides, `RUST_LOG` filters.
//! Each request's line carries its request id (see `request_id.rs`).

use tracing_appender::non_blocking::{NonBlockingBuilder, WorkerGuard};
use tracing_subscriber::{fmt, EnvFilter};

/// How log lines are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

impl LogFormat {
    /// `LOG_FORMAT`, or JSON in production (`LATCH_ENV=production`) and text otherwise.
    pub fn from_env() -> Result<Self, String> {
        let variable = |name: &str| std::env::var(name).ok().filter(|value| !value.trim().is_empty());
        match variable("LOG_FORMAT").as_deref().map(str::trim) {
            Some("json") => Ok(Self::Json),
            Some("text") => Ok(Self::Text),
            Some(other) => Err(format!("configuration: LOG_FORMAT must be `text` or `json`, not `{other}`")),
            None if variable("LATCH_ENV").as_deref().map(str::trim) == Some("production") => Ok(Self::Json),
            None => Ok(Self::Text),
        }
    }
}

/// Lines are formatted on the thread that logs and written to stderr by a thread of their own,
/// so a request never waits for the terminal or the journal: the access log stays on by
/// default without slowing the hot path. Up to 128k lines wait in memory; past that a logging
/// thread waits rather than a line being lost (auth events are worth more than a few µs).
/// Keep the guard until exit: dropping it writes out what is still queued.
pub fn init(format: LogFormat) -> WorkerGuard {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let (writer, guard) = NonBlockingBuilder::default().lossy(false).thread_name("latch-log").finish(std::io::stderr());
    // Colours only for a person at a terminal: a file or the journal gets plain text.
    let colours = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let builder = fmt().with_env_filter(filter).with_target(false).with_ansi(colours).with_writer(writer);
    match format {
        LogFormat::Text => builder.init(),
        // The request span's fields (method, path, request id) go on every line inside it.
        LogFormat::Json => builder.json().flatten_event(true).with_current_span(true).with_span_list(false).init(),
    }
    guard
}
