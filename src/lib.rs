//! Latch: accounts for a Leptos app. One crate, two targets: `ssr` (the server binary) and
//! `hydrate` (the WASM that takes over the server-rendered page). Modules are listed from the
//! bottom layer up; each imports only from the ones listed before it (`scripts/check-layers.py`).

#[cfg(feature = "ssr")]
pub mod api;
pub mod app;
pub mod auth;
pub mod client;
#[cfg(feature = "ssr")]
pub mod mail;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;
pub mod server_fns;
#[cfg(feature = "ssr")]
pub mod web;

/// The browser's entry point, called by the script cargo-leptos generates.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // Panic messages in the browser's console, in development and in the diagnostic build
    // (`make build-diagnostic`); a release build leaves the hook and the formatting it pulls
    // in out of the bundle (a panic still stops the app, as a bare `unreachable` trap).
    #[cfg(any(debug_assertions, latch_diagnostics))]
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
