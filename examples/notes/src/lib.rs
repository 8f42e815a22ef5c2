//! Notes: private notes for signed-in people, a product built on the Latch library. Its words
//! in Korean and English (`texts`), what a note is (`model`), its pages and server functions (`notes`), its shell and routes (`app`), and what only the
//! server runs (`server`: the table, the account hooks, the JSON routes).

pub mod app;
pub mod model;
pub mod notes;
#[cfg(feature = "ssr")]
pub mod server;
pub mod texts;

/// The browser's entry point, called by the script cargo-leptos generates.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    leptos::mount::hydrate_body(app::App);
}
