//! `GET /openapi.json`: the API described from the handlers' own annotations (utoipa).

use axum::Json;
use utoipa::{
    openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme},
    Modify, OpenApi,
};

use super::accounts;

#[derive(OpenApi)]
#[openapi(
    info(title = "Latch", description = "Accounts: sign up, log in, who am I, log out. Compatible with the seed FastAPI service."),
    paths(accounts::signup, accounts::login, accounts::token, accounts::me, accounts::protected, accounts::logout, accounts::logout_post),
    modifiers(&SecuritySchemes),
    tags((name = "authentication"))
)]
pub struct ApiDoc;

struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme("bearer", SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build()));
        components.add_security_scheme("basic", SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Basic).build()));
        components.add_security_scheme("cookie", SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new("latch_session"))));
    }
}

pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
