//! Passkeys on the JSON door: the two halves of registering one and of signing in with one
//! (the browser's script, `crates/latch/assets/passkeys.js (served at /passkeys.js)`, calls these around `navigator.credentials`),
//! and listing, renaming and removing them. Thin handlers over `auth::server::passkeys`.

use axum::{
    extract::{Path, State},
    http::StatusCode,
    Json,
};
use tower_cookies::Cookies;

use super::{
    error::{ApiError, ErrorResponse, FieldProblem, PasswordRouteRefusals},
    extract::{Owner, RequestSource},
    json::ApiJson,
    schema::{
        PasskeyCeremonyResponse, PasskeyLoginFinishRequest, PasskeyRegisterFinishRequest, PasskeyRenameRequest,
        PasskeyStartRequest, TokenResponse,
    },
};
use crate::{
    auth::{account::PasskeyView, server::service::AuthUser},
    web::state::AppState,
};

fn ceremony(ceremony: String, options: impl serde::Serialize) -> Result<Json<PasskeyCeremonyResponse>, ApiError> {
    let options = serde_json::to_value(options).map_err(|_| ApiError::Auth(crate::auth::error::AuthError::Internal))?;
    Ok(Json(PasskeyCeremonyResponse { ceremony, options }))
}

/// The authenticator's answer, as webauthn-rs reads it; a 422 if it is not one.
fn answer<T: serde::de::DeserializeOwned>(credential: serde_json::Value) -> Result<T, ApiError> {
    serde_json::from_value(credential).map_err(|_| {
        ApiError::Malformed(vec![FieldProblem::field("value_error", "credential", "Not a WebAuthn credential")])
    })
}

/// A passkey's id from the path: anything that is not one names no passkey of the caller's.
fn passkey_id(id: &str) -> Result<i64, ApiError> {
    id.parse().map_err(|_| ApiError::Auth(crate::auth::error::AuthError::NotFound))
}

/// The caller's passkeys, oldest first.
#[utoipa::path(get, path = "/auth/passkeys", tag = "second factor", security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, body = [PasskeyView]), (status = 401, body = ErrorResponse)))]
pub async fn list(State(state): State<AppState>, caller: AuthUser) -> Result<Json<Vec<PasskeyView>>, ApiError> {
    Ok(Json(state.auth.list_passkeys(&caller).await?))
}

/// Start adding a passkey, given the password: options for `navigator.credentials.create`.
#[utoipa::path(post, path = "/auth/passkeys/register/start", tag = "second factor", security(("bearer" = []), ("cookie" = [])),
    request_body = PasskeyStartRequest,
    responses((status = 200, body = PasskeyCeremonyResponse), (status = 401, description = "Wrong password, or not signed in", body = ErrorResponse),
        (status = 404, description = "`passkeys_unavailable`: PUBLIC_ORIGIN is an IP address", body = ErrorResponse),
        (status = 422, body = ErrorResponse), PasswordRouteRefusals))]
pub async fn register_start(
    State(state): State<AppState>,
    owner: Owner,
    ApiJson(body): ApiJson<PasskeyStartRequest>,
) -> Result<Json<PasskeyCeremonyResponse>, ApiError> {
    let (token, options) =
        state.auth.start_passkey_registration(&owner.caller, &body.password, &owner.requester()).await?;
    ceremony(token, options)
}

/// Finish adding a passkey with the authenticator's answer.
#[utoipa::path(post, path = "/auth/passkeys/register/finish", tag = "second factor", security(("bearer" = []), ("cookie" = [])),
    request_body = PasskeyRegisterFinishRequest,
    responses((status = 201, body = PasskeyView), (status = 400, description = "`passkey_refused`, or a name that is empty or over 64 characters", body = ErrorResponse),
        (status = 401, body = ErrorResponse), (status = 404, description = "`passkeys_unavailable`", body = ErrorResponse),
        (status = 422, body = ErrorResponse)))]
pub async fn register_finish(
    State(state): State<AppState>,
    owner: Owner,
    ApiJson(body): ApiJson<PasskeyRegisterFinishRequest>,
) -> Result<(StatusCode, Json<PasskeyView>), ApiError> {
    let credential = answer(body.credential)?;
    let passkey = state
        .auth
        .finish_passkey_registration(&owner.caller, &body.ceremony, &body.name, &credential, &owner.requester())
        .await?;
    Ok((StatusCode::CREATED, Json(passkey)))
}

/// Rename one of the caller's passkeys.
#[utoipa::path(patch, path = "/auth/passkeys/{id}", tag = "second factor", security(("bearer" = []), ("cookie" = [])),
    params(("id" = i64, Path)), request_body = PasskeyRenameRequest,
    responses((status = 204), (status = 400, body = ErrorResponse), (status = 401, body = ErrorResponse), (status = 404, body = ErrorResponse),
        (status = 422, body = ErrorResponse)))]
pub async fn rename(
    State(state): State<AppState>,
    owner: Owner,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<PasskeyRenameRequest>,
) -> Result<StatusCode, ApiError> {
    state.auth.rename_passkey(&owner.caller, passkey_id(&id)?, &body.name).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Remove one of the caller's passkeys (the password stays, so a way in always does).
#[utoipa::path(delete, path = "/auth/passkeys/{id}", tag = "second factor", security(("bearer" = []), ("cookie" = [])),
    params(("id" = i64, Path)),
    responses((status = 204), (status = 401, body = ErrorResponse), (status = 404, body = ErrorResponse)))]
pub async fn remove(
    State(state): State<AppState>,
    owner: Owner,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    state.auth.remove_passkey(&owner.caller, passkey_id(&id)?, &owner.requester()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Start signing in with a passkey: options for `navigator.credentials.get` (any passkey of
/// this site; the authenticator says whose).
#[utoipa::path(post, path = "/auth/passkeys/login/start", tag = "second factor",
    responses((status = 200, body = PasskeyCeremonyResponse), (status = 404, body = ErrorResponse),
        (status = 429, description = "`throttled`: too many sign-ins started from this address", body = ErrorResponse)))]
pub async fn login_start(
    State(state): State<AppState>,
    source: RequestSource,
) -> Result<Json<PasskeyCeremonyResponse>, ApiError> {
    let (token, options) = state.auth.start_passkey_login(&source.requester()).await?;
    ceremony(token, options)
}

/// Finish signing in with a passkey: a bearer token, and the session cookie for a browser.
#[utoipa::path(post, path = "/auth/passkeys/login/finish", tag = "second factor", request_body = PasskeyLoginFinishRequest,
    responses((status = 200, body = TokenResponse), (status = 400, description = "`passkey_refused`", body = ErrorResponse),
        (status = 404, description = "`passkeys_unavailable`", body = ErrorResponse), (status = 422, body = ErrorResponse)))]
pub async fn login_finish(
    State(state): State<AppState>,
    source: RequestSource,
    cookies: Cookies,
    ApiJson(body): ApiJson<PasskeyLoginFinishRequest>,
) -> Result<Json<TokenResponse>, ApiError> {
    let credential = answer(body.credential)?;
    let session = state.auth.finish_passkey_login(&body.ceremony, &credential, &source.requester()).await?;
    state.cookie.set(&cookies, session.token.clone(), session.max_age);
    Ok(Json(TokenResponse { access_token: session.token, token_type: "bearer".to_owned() }))
}
