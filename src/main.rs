//! Serves Latch, or runs one of the operator's subcommands (the library's `server::main`); the
//! allocator is this binary's choice (`allocator.rs`). Nothing else lives here.

#[cfg(feature = "ssr")]
mod allocator;

/// See `mimalloc` in Cargo.toml: what the hot path's small allocations cost.
#[cfg(feature = "ssr")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() -> std::process::ExitCode {
    latch::server::main::run::<latch_app::LatchApp>("Latch", allocator::release_what_start_up_freed).await
}

#[cfg(not(feature = "ssr"))]
fn main() {
    // The browser side starts from `latch_app::hydrate` in lib.rs.
}
