//! The account rules and what they stand on: the service, the store, tokens, passwords,
//! throttling and the session cache. Server only, and nothing here knows HTTP.

pub mod account;
mod activity;
mod address;
mod clock;
pub mod common_passwords;
pub mod device;
pub mod email;
mod event;
pub mod factor_keys;
pub mod failures;
mod login;
pub mod mailing;
pub mod messages;
pub mod one_time;
pub mod operator;
pub mod passkeys;
pub mod password;
pub mod revocations;
pub mod second_factor;
pub mod service;
pub mod session_cache;
pub mod sessions;
pub mod store;
pub mod throttle;
mod throttle_limits;
mod throttle_shared;
pub mod throttling;
pub mod token;
pub mod totp;
