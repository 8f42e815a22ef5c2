//! The Latch application: Latch's pages behind its own shell, nav and routes (`app`), built
//! for both targets like the library it serves: `ssr` (the server binary, `main.rs`) and
//! `hydrate` (the WASM that takes over the server-rendered page).

pub mod app;

pub use app::LatchApp;

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
