//! Reads config, opens the database, runs migrations, serves; or runs one of the operator's
//! subcommands (the library's `server/cli.rs`); the allocator is this binary's choice (`allocator.rs`). Nothing else lives here.

#[cfg(feature = "ssr")]
mod allocator;

/// See `mimalloc` in Cargo.toml: what the hot path's small allocations cost.
#[cfg(feature = "ssr")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() -> std::process::ExitCode {
    use latch::{
        server::{cli, logging::telemetry, startup},
        web::config::Config,
    };

    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = match cli::parse(&args) {
        Ok(command) => command,
        Err(usage) => {
            eprintln!("{usage}");
            return std::process::ExitCode::FAILURE;
        }
    };
    if command != cli::Command::Serve {
        return cli::run(command).await;
    }
    let format = match telemetry::LogFormat::from_env() {
        Ok(format) => format,
        Err(problem) => {
            eprintln!("Latch stopped: {problem}");
            return std::process::ExitCode::FAILURE;
        }
    };
    // Held to the end of main: what is still queued is written out before the process exits.
    let _log_writer = match telemetry::init(format) {
        Ok(guard) => guard,
        Err(error) => {
            eprintln!("Latch stopped: cannot start the log writer's thread: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let result = async {
        let app = startup::Application::build::<latch_app::LatchApp>(Config::from_env()?).await?;
        tracing::info!("Latch is listening on http://{}", app.local_addr());
        allocator::release_what_start_up_freed();
        app.serve(startup::shutdown_signal()).await?;
        Ok::<_, Box<dyn std::error::Error>>(())
    }
    .await;
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!("Latch stopped: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}

#[cfg(not(feature = "ssr"))]
fn main() {
    // The browser side starts from `latch_app::hydrate` in lib.rs.
}
