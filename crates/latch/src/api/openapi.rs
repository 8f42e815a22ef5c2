//! `GET /openapi.json`: the API described from the handlers' own annotations (utoipa).

use axum::{extract::State, Json};
use utoipa::{
    openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme},
    Modify, OpenApi,
};

use super::{account, admin, email, factors, identities, passkeys, seed};
use crate::web::cookie::AuthCookie;

#[derive(OpenApi)]
#[openapi(
    info(title = "Latch", description = "Accounts: sign up, log in, who am I, log out. Compatible with the seed FastAPI service."),
    paths(seed::signup, seed::login, seed::token, seed::me, seed::protected, seed::logout, seed::logout_post,
        account::sessions, account::revoke_session, account::revoke_other_sessions, account::change_password,
        account::events, account::export, account::delete_account, account::set_notices, account::remove_password, account::reauthenticate,
        email::account, email::password_reset, email::password_reset_confirm, email::verify_email, email::resend_verification,
        factors::totp_setup, factors::totp_enable, factors::totp_disable, factors::login_second_factor,
        passkeys::list, passkeys::register_start, passkeys::register_finish, passkeys::rename, passkeys::remove,
        passkeys::login_start, passkeys::login_finish, identities::list, identities::unlink,
        admin::people, admin::person, admin::disable, admin::enable, admin::sign_out, admin::send_verification,
        admin::send_reset, admin::remove_authenticator, admin::remove_passkeys, admin::grant_role, admin::revoke_role,
        admin::delete_person, admin::audit, admin::activity),
    modifiers(&AuthSchemes),
    tags((name = "authentication"), (name = "account", description = "The signed-in owner's own account"),
        (name = "email", description = "Verifying the address and resetting a forgotten password, by mailed links"),
        (name = "second factor", description = "An authenticator app with recovery codes, the second step of a login, and passkeys"),
        (name = "admin", description = "Administrators (role `admin`, a second factor, and for changes the sudo window): people, actions, audit"))
)]
pub struct ApiDoc;

/// The bearer and Basic schemes, and the cookie under the name this deployment gives it
/// (`__Host-latch_session` over https).
struct CookieScheme(&'static str);
struct AuthSchemes;

impl Modify for AuthSchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build()),
        );
        components.add_security_scheme(
            "basic",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Basic).build()),
        );
    }
}

impl Modify for CookieScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme("cookie", SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(self.0))));
    }
}

pub async fn document(State(cookie): State<AuthCookie>) -> Json<utoipa::openapi::OpenApi> {
    let mut document = ApiDoc::openapi();
    CookieScheme(cookie.name()).modify(&mut document);
    Json(document)
}
