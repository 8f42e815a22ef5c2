//! The log: the subscriber's set-up (`telemetry`), one access line per request
//! (`access_log`), and the batched writer both write through (`log_writer`).

pub mod access_log;
pub mod log_writer;
pub mod telemetry;
