//! Reads config, opens the database, runs migrations, serves. Nothing else lives here.

#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() -> std::process::ExitCode {
    use latch::{server::startup, web::config::Config};

    latch::server::telemetry::init();
    let result = async {
        let app = startup::Application::build(Config::from_env()?).await?;
        tracing::info!("Latch is listening on http://{}", app.local_addr());
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
    // The browser side starts from `latch::hydrate` in lib.rs.
}
