//! Every HTTP and process test, in one binary: the app links once, not once per file.
//! `common` starts the app in-process on port 0; `process` runs the real binary.
#![cfg(feature = "ssr")]

mod common;
mod process;

mod account;
mod accounts;
mod concurrency;
mod cross_site;
mod defences;
mod hardening;
mod json_api;
mod logs;
mod malformed;
mod properties;
mod skeleton;
mod stress;
mod throttling;
mod tokens;
