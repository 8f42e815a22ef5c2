//! The JSON API for programs, compatible with the FastAPI service Latch replaces. Thin
//! handlers over `auth::server::service`; the rules live there, not here. This door owns its
//! error answer (`error`) and its extractors (`extract`).

mod account;
pub mod admin;
mod email;
pub mod error;
pub mod extract;
mod factors;
pub mod guard;
mod identities;
mod json;
mod openapi;
mod passkeys;
mod schema;
mod seed;

use axum::{
    routing::{delete, get, patch, post, put},
    Router,
};

use crate::web::state::AppState;

/// `POST`: a new account (the seed's route).
pub const SIGNUP: &str = "/auth/signup";
/// `POST`: a password login, for a bearer token (the seed's route).
pub const LOGIN: &str = "/auth/login";
/// `POST`: OAuth2's password form, for a bearer token (the seed's route).
pub const TOKEN: &str = "/token";
/// `POST`: mail a reset link.
pub const PASSWORD_RESET: &str = "/auth/password-reset";
/// `POST`: a new password with the mailed token.
pub const PASSWORD_RESET_CONFIRM: &str = "/auth/password-reset/confirm";
/// `POST`: prove the address with the mailed token.
pub const VERIFY_EMAIL: &str = "/auth/verify-email";
/// `POST`: the second step of a login.
pub const LOGIN_SECOND_FACTOR: &str = "/auth/login/second-factor";
/// `POST`: the end of a passkey sign-in.
pub const PASSKEY_LOGIN_FINISH: &str = "/auth/passkeys/login/finish";

/// Every route of the JSON API, on the app's state.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(SIGNUP, post(seed::signup))
        .route(LOGIN, post(seed::login))
        .route("/auth/me", get(seed::me))
        .route("/auth/logout", post(seed::logout_post))
        .route(TOKEN, post(seed::token))
        .route("/protected", get(seed::protected))
        .route("/logout", delete(seed::logout))
        .route("/auth/sessions", get(account::sessions))
        .route("/auth/sessions/revoke-others", post(account::revoke_other_sessions))
        .route("/auth/sessions/{id}", delete(account::revoke_session))
        .route("/auth/password", post(account::change_password).delete(account::remove_password))
        .route("/auth/events", get(account::events))
        .route("/auth/notices", put(account::set_notices))
        .route("/auth/export", get(account::export))
        .route("/auth/account", get(email::account).delete(account::delete_account))
        .route("/auth/reauthenticate", post(account::reauthenticate))
        .route(PASSWORD_RESET, post(email::password_reset))
        .route(PASSWORD_RESET_CONFIRM, post(email::password_reset_confirm))
        .route(VERIFY_EMAIL, post(email::verify_email))
        .route("/auth/verify-email/resend", post(email::resend_verification))
        .route("/auth/totp/setup", post(factors::totp_setup))
        .route("/auth/totp/enable", post(factors::totp_enable))
        .route("/auth/totp", delete(factors::totp_disable))
        .route(LOGIN_SECOND_FACTOR, post(factors::login_second_factor))
        .route("/auth/identities", get(identities::list))
        .route("/auth/identities/{id}", axum::routing::delete(identities::unlink))
        .route("/auth/passkeys", get(passkeys::list))
        .route("/auth/passkeys/register/start", post(passkeys::register_start))
        .route("/auth/passkeys/register/finish", post(passkeys::register_finish))
        .route("/auth/passkeys/{id}", patch(passkeys::rename).delete(passkeys::remove))
        .route("/auth/passkeys/login/start", post(passkeys::login_start))
        .route(PASSKEY_LOGIN_FINISH, post(passkeys::login_finish))
        .route("/auth/admin/people", get(admin::people))
        .route("/auth/admin/people/{id}", get(admin::person).delete(admin::delete_person))
        .route("/auth/admin/people/{id}/disable", post(admin::disable))
        .route("/auth/admin/people/{id}/enable", post(admin::enable))
        .route("/auth/admin/people/{id}/sign-out", post(admin::sign_out))
        .route("/auth/admin/people/{id}/verification", post(admin::send_verification))
        .route("/auth/admin/people/{id}/password-reset", post(admin::send_reset))
        .route("/auth/admin/people/{id}/authenticator/remove", post(admin::remove_authenticator))
        .route("/auth/admin/people/{id}/passkeys/remove", post(admin::remove_passkeys))
        .route("/auth/admin/people/{id}/roles", post(admin::grant_role))
        .route("/auth/admin/people/{id}/roles/{role}", delete(admin::revoke_role))
        .route("/auth/admin/audit", get(admin::audit))
        .route("/auth/admin/activity", get(admin::activity))
        .route("/openapi.json", get(openapi::document))
}
