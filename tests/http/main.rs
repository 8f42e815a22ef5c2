//! Every in-process HTTP test, in one binary: the app links once, not once per file.
//! `common` starts the app in-process on port 0. The tests of the real binary as a child
//! process are apart, in `tests/process`.
#![cfg(feature = "ssr")]

mod common;
#[path = "../support/smtp_sink.rs"]
mod smtp_sink;

mod account;
mod accounts;
mod admin;
mod breached;
mod concurrency;
mod cross_site;
mod defences;
mod devices;
mod email;
mod email_sign_in;
mod export;
mod guards;
mod guessing;
mod hardening;
mod json_api;
mod languages;
mod malformed;
mod password_removal;
mod product;
mod properties;
mod providers;
mod second_factor;
mod secrets;
mod skeleton;
mod throttling;
mod tokens;
