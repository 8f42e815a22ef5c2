//! Logging: readable lines on stderr, `RUST_LOG` to change what is shown.

use tracing_subscriber::{fmt, EnvFilter};

pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    fmt().with_env_filter(filter).with_target(false).with_writer(std::io::stderr).init();
}
