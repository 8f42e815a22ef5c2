//! Pages: components only. They call server functions; they hold no rules of their own.

pub mod account;
pub mod auth_state;
pub mod dates;
pub mod form;
pub mod home;
pub mod login;
pub mod not_found;
pub mod notice;
pub mod profile;
pub mod signup;
