//! Identities at other providers linked to the caller's account, on the JSON door: listing
//! and unlinking. Linking needs a browser (the provider's own pages): `/auth/oidc/{name}`.

use axum::{
    extract::{Path, State},
    http::StatusCode,
    Json,
};

use super::{error::ApiError, error::ErrorResponse, extract::Owner};
use crate::{
    auth::{account::IdentityView, error::AuthError, server::service::AuthUser},
    web::state::AppState,
};

/// The caller's linked identities, oldest first.
#[utoipa::path(get, path = "/auth/identities", tag = "account", security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, body = [IdentityView]), (status = 401, body = ErrorResponse)))]
pub async fn list(State(state): State<AppState>, caller: AuthUser) -> Result<Json<Vec<IdentityView>>, ApiError> {
    Ok(Json(state.auth.identities(caller.user.id).await?))
}

/// Unlink one of the caller's identities (within the sudo window); never the last way in.
#[utoipa::path(delete, path = "/auth/identities/{id}", tag = "account", security(("bearer" = []), ("cookie" = [])),
    params(("id" = i64, Path)),
    responses((status = 204), (status = 401, body = ErrorResponse),
        (status = 403, description = "`reauthentication_required`", body = ErrorResponse),
        (status = 404, body = ErrorResponse),
        (status = 409, description = "`last_way_in`: no password, passkey or other provider would be left", body = ErrorResponse)))]
pub async fn unlink(
    State(state): State<AppState>,
    owner: Owner,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id = id.parse().map_err(|_| ApiError::Auth(AuthError::NotFound))?;
    state.auth.unlink_identity(&owner.caller, id, &owner.requester()).await?;
    Ok(StatusCode::NO_CONTENT)
}
