//! Pages: components only. They call server functions (through `client`); they hold no
//! rules of their own.

pub mod account;
/// Sign-in by email: `/login/email` and its pages.
pub mod email_sign_in;
pub mod forgot_password;
pub mod form;
/// The `<head>` every page needs.
pub mod head;
/// `/`.
pub mod home;
/// The language switch.
pub mod language;
/// `/login`.
pub mod login;
/// The page for an unknown path.
pub mod not_found;
/// `/not-me`: a new-device mail's "This wasn't me".
pub mod not_me;
pub mod notice;
/// The passkey ceremonies' status line.
pub mod passkey_status;
/// `/profile`.
pub mod profile;
/// "Continue with …": a link per configured sign-in provider.
pub mod provider_buttons;
/// `/reauthenticate`.
pub mod reauthenticate;
pub mod reset_password;
/// Every account page as one group of routes.
pub mod routes;
pub mod second_factor;
/// `/signup`.
pub mod signup;
pub mod verify_email;
