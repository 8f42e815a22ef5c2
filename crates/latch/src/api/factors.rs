//! Second factors on the JSON door: setting up an authenticator, turning it on and off, and
//! the second step of a login. Thin handlers over `auth::server::second_factor`.

use axum::{extract::State, http::StatusCode, Json};

use super::{
    error::{ApiError, ErrorResponse, PasswordRouteRefusals},
    extract::{Owner, RequestSource},
    json::ApiJson,
    schema::{RecoveryCodesResponse, SecondFactorRequest, SecondFactorResponse, TotpCodeRequest, TotpSetupResponse},
};
use crate::{
    auth::{error::AuthError, server::service::AuthUser},
    web::state::AppState,
};

/// Start setting up an authenticator app: a new secret, not active until enabled with a code.
#[utoipa::path(post, path = "/auth/totp/setup", tag = "second factor", security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, body = TotpSetupResponse), (status = 401, body = ErrorResponse),
        (status = 409, description = "`already_enabled`", body = ErrorResponse)))]
pub async fn totp_setup(State(state): State<AppState>, caller: AuthUser) -> Result<Json<TotpSetupResponse>, ApiError> {
    let setup = state.auth.setup_totp(&caller).await?;
    Ok(Json(TotpSetupResponse { secret: setup.secret, otpauth_uri: setup.otpauth_uri }))
}

/// Turn the authenticator on with a code from it and the password: answers ten recovery
/// codes, shown this once.
#[utoipa::path(post, path = "/auth/totp/enable", tag = "second factor", security(("bearer" = []), ("cookie" = [])),
    request_body = TotpCodeRequest,
    responses((status = 200, body = RecoveryCodesResponse), (status = 400, description = "`invalid_code`", body = ErrorResponse),
        (status = 401, description = "Wrong password, or not signed in", body = ErrorResponse),
        (status = 404, description = "Nothing set up", body = ErrorResponse), (status = 409, description = "`already_enabled`", body = ErrorResponse),
        (status = 422, body = ErrorResponse), PasswordRouteRefusals))]
pub async fn totp_enable(
    State(state): State<AppState>,
    owner: Owner,
    ApiJson(body): ApiJson<TotpCodeRequest>,
) -> Result<Json<RecoveryCodesResponse>, ApiError> {
    let recovery_codes = state.auth.enable_totp(&owner.caller, &body.code, &body.password, &owner.requester()).await?;
    Ok(Json(RecoveryCodesResponse { recovery_codes }))
}

/// Turn the authenticator off with the password and a code (from the app, or a recovery code).
#[utoipa::path(delete, path = "/auth/totp", tag = "second factor", security(("bearer" = []), ("cookie" = [])),
    request_body = TotpCodeRequest,
    responses((status = 204), (status = 400, description = "`invalid_code`", body = ErrorResponse),
        (status = 401, description = "Wrong password, or not signed in", body = ErrorResponse),
        (status = 404, description = "No authenticator", body = ErrorResponse), (status = 422, body = ErrorResponse), PasswordRouteRefusals))]
pub async fn totp_disable(
    State(state): State<AppState>,
    owner: Owner,
    ApiJson(body): ApiJson<TotpCodeRequest>,
) -> Result<StatusCode, ApiError> {
    state.auth.disable_totp(&owner.caller, &body.code, &body.password, &owner.requester()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The second step of a login: the challenge from `/auth/login` and a code.
#[utoipa::path(post, path = "/auth/login/second-factor", tag = "second factor", request_body = SecondFactorRequest,
    responses((status = 200, body = SecondFactorResponse),
        (status = 401, description = "`invalid_code` (wrong or replayed), or `invalid_challenge` (unknown, used, expired, or five attempts made)", body = ErrorResponse),
        (status = 422, body = ErrorResponse)))]
pub async fn login_second_factor(
    State(state): State<AppState>,
    source: RequestSource,
    ApiJson(body): ApiJson<SecondFactorRequest>,
) -> Result<Json<SecondFactorResponse>, ApiError> {
    let step =
        state.auth.second_factor(&body.challenge, &body.code, &source.requester()).await.map_err(
            |error| match error {
                AuthError::InvalidCode => ApiError::CodeRefusedAtLogin,
                other => other.into(),
            },
        )?;
    Ok(Json(SecondFactorResponse {
        access_token: step.session.token,
        token_type: "bearer".to_owned(),
        recovery_codes_left: step.recovery_codes_left,
    }))
}
