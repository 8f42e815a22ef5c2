//! Latch: accounts for a Leptos app, as a library. One crate, two targets: `ssr` (the server:
//! the account rules, the store, the JSON API, the server functions, the router) and `hydrate`
//! (the WASM that takes over the server-rendered pages). An application supplies its shell and
//! routes (see [`server::site::Site`]) and serves Latch's pages inside them. Modules are listed
//! from the bottom layer up; each imports only from the ones listed before it
//! (`scripts/check-layers.py`).

// Every public item says what it is: `make lint` runs clippy with warnings as errors.
#![warn(missing_docs)]

#[cfg(feature = "ssr")]
pub mod api;
pub mod auth;
pub mod client;
pub mod i18n;
#[cfg(feature = "ssr")]
pub mod mail;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;
pub mod server_fns;
#[cfg(feature = "testing")]
pub mod testing;
#[cfg(feature = "ssr")]
pub mod web;

/// Building a product on Latch, step by step: `docs/build-on-latch.md`, whose every Rust
/// block `cargo test --doc` compiles.
#[cfg(feature = "ssr")]
#[doc = include_str!("../../../docs/build-on-latch.md")]
pub mod guide {}
