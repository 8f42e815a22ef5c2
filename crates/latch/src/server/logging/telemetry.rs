//! Logging on stderr: readable lines in development, JSON lines in production (one object per
//! line, for a log collector); `LOG_FORMAT` (`text` or `json`) overrides, `RUST_LOG` filters.
//! Each request's line carries its request id (see `request_id.rs`).

use tracing_subscriber::{fmt, EnvFilter};

pub use super::log_writer::LogFormat;
use super::{
    access_log,
    log_writer::{self, FlushOnDrop},
};

/// Lines are formatted on the thread that logs and written to stderr in batches by a thread
/// of their own (`log_writer`), so a request never waits for the terminal or the journal: the
/// access log stays on by default without slowing the hot path. Keep the guard until exit:
/// dropping it writes out what is still pending.
pub fn init(format: LogFormat) -> std::io::Result<FlushOnDrop> {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let (writer, guard) = log_writer::batched(std::io::stderr(), "latch-log")?;
    access_log::install(writer.clone(), format);
    // Colours only for a person at a terminal: a file or the journal gets plain text.
    let colours = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let builder = fmt().with_env_filter(filter).with_target(false).with_ansi(colours).with_writer(writer);
    match format {
        LogFormat::Text => builder.init(),
        // The request span's fields (method, path, request id) go on every line inside it.
        LogFormat::Json => builder.json().flatten_event(true).with_current_span(true).with_span_list(false).init(),
    }
    Ok(guard)
}
