//! Pages: components only. They call server functions; they hold no rules of their own.

pub mod home;
pub mod not_found;
