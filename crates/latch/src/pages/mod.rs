//! Pages: components only. They call server functions (through `client`); they hold no
//! rules of their own.

pub mod account;
pub mod forgot_password;
pub mod form;
pub mod home;
pub mod login;
pub mod not_found;
pub mod notice;
pub mod profile;
pub mod reset_password;
pub mod second_factor;
pub mod signup;
pub mod verify_email;
