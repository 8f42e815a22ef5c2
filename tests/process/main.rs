//! Tests against the real server binary as a child process: what only a process shows (its
//! log, its exit code, surviving `kill -9`, many connections at once).
//!
//! Apart from the in-process HTTP tests (`tests/http`), and one at a time: a child killed
//! mid-load frees its port, and a load generator's last requests would reach whichever
//! server took that port next. Cargo runs test binaries one after another, and `one_at_a_time`
//! keeps these tests from overlapping each other.
#![cfg(feature = "ssr")]

mod admin_instances;
mod breach_filter;
mod checkpoints;
mod instances;
mod load;
mod logs;
mod mail;
mod operations;
mod outages;
mod postgres;
mod pruning;
mod running;
mod schema;
#[path = "../support/smtp_sink.rs"]
mod smtp_sink;
mod stress;

/// The secret the child servers sign with.
pub const TEST_SECRET: &str = "test-secret-test-secret-test-secret-0123";
pub const PASSWORD: &str = "correct horse battery staple";

static TURN: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Held for a whole test: no two child servers' lives overlap.
pub async fn one_at_a_time() -> tokio::sync::MutexGuard<'static, ()> {
    TURN.lock().await
}
