//! The routes that go through the account's mailbox: reset a forgotten password, verify the
//! address, and the account with its verification state. Thin handlers over the rules in
//! `auth::server::email`.

use axum::{extract::State, http::StatusCode, Json};

use super::{
    error::{ApiError, ErrorResponse, PasswordRouteRefusals},
    extract::{Owner, RequestSource},
    json::ApiJson,
    schema::{
        MessageResponse, PasswordResetConfirmRequest, PasswordResetRequest, VerifiedResponse, VerifyEmailRequest,
    },
};
use crate::{
    auth::{
        account::AccountView,
        server::{
            email::{AddressProof, Resent},
            service::AuthUser,
        },
    },
    web::state::AppState,
};

/// The same words whoever asks, account or not.
pub const RESET_ACCEPTED: &str = "If an account uses that address, a link to reset its password is on its way.";

/// The caller's account: the profile, and whether its address is verified.
#[utoipa::path(get, path = "/auth/account", tag = "account", security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, body = AccountView), (status = 401, body = ErrorResponse)))]
pub async fn account(State(state): State<AppState>, caller: AuthUser) -> Result<Json<AccountView>, ApiError> {
    Ok(Json(state.auth.account(&caller).await?))
}

/// Ask for a password reset link. The answer is the same for every address, known or not.
#[utoipa::path(post, path = "/auth/password-reset", tag = "email", request_body = PasswordResetRequest,
    responses((status = 202, body = MessageResponse), (status = 422, description = "Not an email address", body = ErrorResponse),
        (status = 429, description = "Too many requests from this address or for this email; see Retry-After", body = ErrorResponse)))]
pub async fn password_reset(
    State(state): State<AppState>,
    source: RequestSource,
    ApiJson(body): ApiJson<PasswordResetRequest>,
) -> Result<(StatusCode, Json<MessageResponse>), ApiError> {
    state.auth.request_password_reset(&body.email, &source.requester()).await?;
    Ok((StatusCode::ACCEPTED, Json(MessageResponse { message: RESET_ACCEPTED.to_owned() })))
}

/// Set a new password with the token from a reset mail. Every session of the account ends.
#[utoipa::path(post, path = "/auth/password-reset/confirm", tag = "email", request_body = PasswordResetConfirmRequest,
    responses((status = 200, body = MessageResponse),
        (status = 400, description = "`invalid_token`: unknown, used, expired or replaced", body = ErrorResponse),
        (status = 422, description = "A weak new password", body = ErrorResponse), PasswordRouteRefusals))]
pub async fn password_reset_confirm(
    State(state): State<AppState>,
    source: RequestSource,
    ApiJson(body): ApiJson<PasswordResetConfirmRequest>,
) -> Result<Json<MessageResponse>, ApiError> {
    state.auth.reset_password(&body.token, &body.new_password, &source.requester()).await?;
    Ok(Json(MessageResponse { message: "Password changed. Log in with the new one.".to_owned() }))
}

/// Verify the address with the token from a verification mail (or move the account to a new
/// address, with the token mailed there).
#[utoipa::path(post, path = "/auth/verify-email", tag = "email", request_body = VerifyEmailRequest,
    responses((status = 200, body = VerifiedResponse),
        (status = 400, description = "`invalid_token`, or `email_taken`: another account took the new address", body = ErrorResponse),
        (status = 422, body = ErrorResponse)))]
pub async fn verify_email(
    State(state): State<AppState>,
    source: RequestSource,
    ApiJson(body): ApiJson<VerifyEmailRequest>,
) -> Result<Json<VerifiedResponse>, ApiError> {
    let proof = state.auth.verify_email(&body.token, &source.requester()).await?;
    let (message, email_changed) = match proof {
        AddressProof::Verified => ("Email address verified", false),
        AddressProof::Changed => ("Email address changed and verified", true),
    };
    Ok(Json(VerifiedResponse { message: message.to_owned(), email_changed }))
}

/// Mail the verification link again (the older links stop working).
#[utoipa::path(post, path = "/auth/verify-email/resend", tag = "email", security(("bearer" = []), ("cookie" = [])),
    responses((status = 202, body = MessageResponse), (status = 401, body = ErrorResponse),
        (status = 429, description = "Asked too often; see Retry-After", body = ErrorResponse)))]
pub async fn resend_verification(
    State(state): State<AppState>,
    owner: Owner,
) -> Result<(StatusCode, Json<MessageResponse>), ApiError> {
    let message = match state.auth.resend_verification(&owner.caller, &owner.requester()).await? {
        Resent::Sent => "A new verification link is on its way.",
        Resent::AlreadyVerified => "Your address is already verified.",
    };
    Ok((StatusCode::ACCEPTED, Json(MessageResponse { message: message.to_owned() })))
}
