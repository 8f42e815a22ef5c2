//! Serves Notes, or runs one of Latch's operator commands (`notes users`, `notes check-config`).

#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() -> std::process::ExitCode {
    use latch::{
        server::{cli, logging::telemetry, startup},
        web::config::Config,
    };

    let args: Vec<String> = std::env::args().skip(1).collect();
    match cli::parse(&args) {
        Ok(cli::Command::Serve) => {}
        Ok(command) => return cli::run(command).await,
        Err(usage) => {
            eprintln!("{usage}");
            return std::process::ExitCode::FAILURE;
        }
    }
    let Ok(_log_writer) = telemetry::LogFormat::from_env()
        .map_err(|e| e.to_string())
        .and_then(|format| telemetry::init(format).map_err(|e| e.to_string()))
    else {
        eprintln!("Notes stopped: the log settings are wrong or the log writer cannot start");
        return std::process::ExitCode::FAILURE;
    };
    let result = async {
        let app = startup::Application::build::<latch_notes::app::NotesSite>(Config::from_env()?).await?;
        tracing::info!("Notes is listening on http://{}", app.local_addr());
        app.serve(startup::shutdown_signal()).await?;
        Ok::<_, Box<dyn std::error::Error>>(())
    }
    .await;
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!("Notes stopped: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}

#[cfg(not(feature = "ssr"))]
fn main() {}
