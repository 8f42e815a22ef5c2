//! The server itself: the router that puts both doors and the pages together, the middleware
//! every answer passes through, the bundle, health, logging and start-up. Server only.

pub mod access_log;
pub mod allocator;
pub mod assets;
pub mod body_limit;
pub mod cli;
pub mod csrf;
pub mod headers;
pub mod health;
pub mod listener;
pub mod log_writer;
pub mod metrics;
pub mod request_id;
pub mod router;
pub mod server_fn_errors;
pub mod startup;
pub mod telemetry;
