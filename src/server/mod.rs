//! The server side: configuration, state, database, router, start-up. Compiled with `ssr` only.

pub mod assets;
pub mod client;
pub mod config;
pub mod csrf;
pub mod db;
pub mod error;
pub mod headers;
pub mod health;
pub mod router;
pub mod secret;
pub mod startup;
pub mod state;
pub mod telemetry;
