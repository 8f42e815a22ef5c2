//! Pages: components only. They call server functions; they hold no rules of their own.

pub mod account;
pub mod auth_state;
pub mod dates;
pub mod forgot_password;
pub mod form;
pub mod form_action;
pub mod home;
pub mod json;
pub mod login;
pub mod not_found;
pub mod notice;
pub mod profile;
pub mod reset_password;
pub mod second_factor;
pub mod server_call;
pub mod signup;
pub mod verify_email;
pub mod wire;
