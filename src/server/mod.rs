//! The server side: configuration, state, database, router, start-up. Compiled with `ssr` only.

pub mod config;
pub mod db;
pub mod health;
pub mod router;
pub mod startup;
pub mod state;
pub mod telemetry;
