//! An application's whole `main`, in one call: one of the operator's commands (`users`,
//! `sessions`, `check-config`, ...) when asked for, else the logs, the configuration from the
//! environment, the database and its migrations, and serving until Ctrl-C or SIGTERM.
//!
//! ```no_run
//! # struct Notes;
//! # impl latch::server::site::Site for Notes {
//! #     const OUTPUT_NAME: &'static str = "notes";
//! #     fn app() -> impl leptos::IntoView + 'static {}
//! #     fn shell(_: leptos::config::LeptosOptions) -> impl leptos::IntoView + 'static {}
//! # }
//! #[tokio::main]
//! async fn main() -> std::process::ExitCode {
//!     latch::server::main::run::<Notes>("Notes", || {}).await
//! }
//! ```

use std::process::ExitCode;

use super::{cli, logging::telemetry, site::Site, startup};
use crate::web::config::Config;

/// Runs the application `S`, named `name` in what it says; `on_listening` runs once it is
/// listening (the Latch application hands its allocator back what start-up freed).
pub async fn run<S: Site>(name: &str, on_listening: impl FnOnce()) -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match cli::parse(&args) {
        Ok(cli::Command::Serve) => {}
        Ok(command) => return cli::run(command).await,
        Err(usage) => {
            eprintln!("{usage}");
            return ExitCode::FAILURE;
        }
    }
    let format = match telemetry::LogFormat::from_env() {
        Ok(format) => format,
        Err(problem) => {
            eprintln!("{name} stopped: {problem}");
            return ExitCode::FAILURE;
        }
    };
    // Held to the end: what is still queued is written out before the process exits.
    let _log_writer = match telemetry::init(format) {
        Ok(guard) => guard,
        Err(error) => {
            eprintln!("{name} stopped: cannot start the log writer's thread: {error}");
            return ExitCode::FAILURE;
        }
    };
    let result = async {
        let app = startup::Application::build::<S>(Config::from_env()?).await?;
        tracing::info!("{name} is listening on http://{}", app.local_addr());
        on_listening();
        app.serve(startup::shutdown_signal()).await?;
        Ok::<_, Box<dyn std::error::Error>>(())
    }
    .await;
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!("{name} stopped: {error}");
            ExitCode::FAILURE
        }
    }
}
