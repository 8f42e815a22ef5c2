//! What both doors (the JSON API and the server functions) share on the server: configuration,
//! the database, the state every handler reaches, the auth cookie, the token a request
//! presents, the caller's address and language. Server only; knows HTTP, holds no account rules.

pub mod caller_address;
pub mod config;
pub mod cookie;
pub mod credentials;
pub mod db;
pub mod locale;
pub mod secret;
pub mod state;
