//! Serves Notes, or runs one of Latch's operator commands (`notes users`, `notes check-config`).

#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() -> std::process::ExitCode {
    latch::server::main::run::<latch_notes::app::NotesSite>("Notes", || {}).await
}

#[cfg(not(feature = "ssr"))]
fn main() {}
