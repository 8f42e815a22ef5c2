//! The log: the subscriber's set-up (`telemetry`), one access line per request
//! (`access_log`, its numbers and time written by `line_text`), and the batched writer both
//! write through (`log_writer`).

pub mod access_log;
mod line_text;
pub mod log_writer;
pub mod telemetry;
