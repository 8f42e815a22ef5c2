//! The account rules, one folder per concept: `sessions` (tokens, the cache, revocations,
//! device names), `throttle`, `factors` (the second step, TOTP, recovery codes, passkeys),
//! `email` (verification, reset, address change, link tokens, the messages), `password`
//! (hashing threads, PHC, common passwords), `account` (owner actions, history, operator
//! queries), `admin` (what administrators see and do), `identities` (sign-in with other providers) and `store` (SQL). `service` holds the type they all extend, with signup; `login`
//! the password check; `hooks` what an application adds to an account's changes. Server only; nothing here knows HTTP.

pub mod account;
pub mod admin;
mod clock;
pub mod email;
pub mod email_sign_in;
pub mod factors;
pub mod failures;
pub mod hooks;
pub mod identities;
mod login;
pub mod notices;
pub mod password;
pub mod service;
pub mod sessions;
pub mod store;
pub mod throttle;
