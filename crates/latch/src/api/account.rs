//! The account owner's routes: sessions, password, history, export, deletion. Thin handlers
//! over `auth::server::service`, bearer or cookie alike.

use axum::{
    extract::{rejection::QueryRejection, Path, Query, State},
    http::{
        header::{CONTENT_DISPOSITION, CONTENT_TYPE},
        HeaderValue, StatusCode,
    },
    response::{IntoResponse, Response},
    Json,
};

use super::{
    error::{ApiError, ErrorResponse, FieldProblem, Location},
    extract::Owner,
    json::ApiJson,
    schema::{
        DeleteAccountRequest, EventsQuery, MessageResponse, PasswordChangeRequest, ReauthenticateRequest,
        RevokedResponse,
    },
};
use crate::{
    auth::{
        account::{AccountExport, EventView, NoticeSettings, SessionView},
        server::{account::MAX_EVENTS_PER_PAGE, service::AuthUser},
    },
    web::state::AppState,
};

/// The account's live sessions, newest first; `current` marks the one this request used.
#[utoipa::path(get, path = "/auth/sessions", tag = "account", security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, body = [SessionView]), (status = 401, body = ErrorResponse)))]
pub async fn sessions(State(state): State<AppState>, caller: AuthUser) -> Result<Json<Vec<SessionView>>, ApiError> {
    Ok(Json(state.auth.list_sessions(&caller).await?))
}

/// End one session of the caller's account (a lost laptop). Another account's, or unknown: 404.
#[utoipa::path(delete, path = "/auth/sessions/{id}", tag = "account", security(("bearer" = []), ("cookie" = [])),
    params(("id" = String, Path, description = "A session's `id` from `GET /auth/sessions`")),
    responses((status = 204), (status = 404, body = ErrorResponse), (status = 401, body = ErrorResponse), (status = 403, body = ErrorResponse)))]
pub async fn revoke_session(
    State(state): State<AppState>,
    owner: Owner,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    state.auth.revoke_session(&owner.caller, &id, &owner.requester()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// End every session of the account but this one.
#[utoipa::path(post, path = "/auth/sessions/revoke-others", tag = "account", security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, body = RevokedResponse), (status = 401, body = ErrorResponse), (status = 403, body = ErrorResponse)))]
pub async fn revoke_other_sessions(
    State(state): State<AppState>,
    owner: Owner,
) -> Result<Json<RevokedResponse>, ApiError> {
    let revoked = state.auth.revoke_other_sessions(&owner.caller, &owner.requester()).await?;
    Ok(Json(RevokedResponse { revoked }))
}

/// Change the password, given the current one. Other sessions are signed out unless
/// `sign_out_others` is false.
#[utoipa::path(post, path = "/auth/password", tag = "account", security(("bearer" = []), ("cookie" = [])),
    request_body = PasswordChangeRequest,
    responses((status = 200, body = MessageResponse), (status = 401, description = "Wrong current password, or not signed in", body = ErrorResponse),
        (status = 422, description = "A weak new password", body = ErrorResponse), super::error::PasswordRouteRefusals))]
pub async fn change_password(
    State(state): State<AppState>,
    owner: Owner,
    ApiJson(body): ApiJson<PasswordChangeRequest>,
) -> Result<Json<MessageResponse>, ApiError> {
    let (current, new) = (&body.current_password, &body.new_password);
    let sign_out_others = body.sign_out_others.unwrap_or(true);
    state.auth.change_password(&owner.caller, current, new, sign_out_others, &owner.requester()).await?;
    Ok(Json(MessageResponse { message: "Password changed".to_owned() }))
}

/// The account's security history, newest first: `?limit=` (1 to 200, default 50) events
/// older than the event `?before=` names.
#[utoipa::path(get, path = "/auth/events", tag = "account", security(("bearer" = []), ("cookie" = [])), params(EventsQuery),
    responses((status = 200, body = [EventView]), (status = 401, body = ErrorResponse), (status = 422, body = ErrorResponse)))]
pub async fn events(
    State(state): State<AppState>,
    caller: AuthUser,
    query: Result<Query<EventsQuery>, QueryRejection>,
) -> Result<Json<Vec<EventView>>, ApiError> {
    let malformed = |message: String| {
        let location = vec![Location::Name("query".into())];
        ApiError::Malformed(vec![FieldProblem::new("query_invalid", location, message)])
    };
    let Query(query) = query.map_err(|rejection| malformed(rejection.body_text()))?;
    let limit = query.limit.unwrap_or(50);
    if !(1..=MAX_EVENTS_PER_PAGE).contains(&limit) {
        return Err(malformed(format!("limit must be from 1 to {MAX_EVENTS_PER_PAGE}")));
    }
    Ok(Json(state.auth.events(&caller, query.before, limit).await?))
}

/// Everything Latch holds about the caller (never the password hash), as a JSON download.
#[utoipa::path(get, path = "/auth/export", tag = "account", security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, body = AccountExport), (status = 401, body = ErrorResponse)))]
pub async fn export(State(state): State<AppState>, caller: AuthUser) -> Result<Response, ApiError> {
    use futures::StreamExt;
    let download = state.auth.export(&caller).await?;
    let user_id = caller.user.id;
    let document = download.into_json().map_err(|error| {
        tracing::error!(%error, "cannot write an export");
        ApiError::Auth(crate::auth::error::AuthError::Internal)
    })?;
    // Written as it is read: a failure part way ends the connection before the document ends.
    let body = axum::body::Body::from_stream(document.inspect(move |part| {
        if let Err(error) = part {
            tracing::error!(%error, user_id, "an export stopped part way");
        }
    }));
    let disposition = format!("attachment; filename=\"latch-account-{user_id}.json\"");
    let mut response =
        (StatusCode::OK, [(CONTENT_TYPE, HeaderValue::from_static("application/json"))], body).into_response();
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        response.headers_mut().insert(CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

/// Delete the account, given its password: sessions and history go with it, every token
/// stops working, and the email may sign up again.
#[utoipa::path(delete, path = "/auth/account", tag = "account", security(("bearer" = []), ("cookie" = [])),
    request_body = DeleteAccountRequest,
    responses((status = 204), (status = 401, description = "Wrong password, or not signed in", body = ErrorResponse),
        (status = 422, description = "A body without the password", body = ErrorResponse), super::error::PasswordRouteRefusals))]
pub async fn delete_account(
    State(state): State<AppState>,
    owner: Owner,
    ApiJson(body): ApiJson<DeleteAccountRequest>,
) -> Result<StatusCode, ApiError> {
    state.auth.delete_account(&owner.caller, &body.password, &owner.requester()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Which notices are mailed to the owner: `{"new_device": false}` turns off the mail about a
/// sign-in from a device the account has not seen (the mails about changes to its ways in
/// cannot be turned off). Answers the settings now in force.
#[utoipa::path(put, path = "/auth/notices", tag = "account", security(("bearer" = []), ("cookie" = [])),
    request_body = NoticeSettings,
    responses((status = 200, body = NoticeSettings), (status = 401, body = ErrorResponse),
        (status = 422, description = "A body without `new_device` as true or false", body = ErrorResponse)))]
pub async fn set_notices(
    State(state): State<AppState>,
    owner: Owner,
    ApiJson(body): ApiJson<NoticeSettings>,
) -> Result<Json<NoticeSettings>, ApiError> {
    state.auth.set_notices(&owner.caller, &body).await?;
    Ok(Json(body))
}

/// Remove the password, given it, when the account keeps another way in (a passkey, a linked
/// provider, or sign-in by email where the deployment offers it and the address is proven).
/// The last way in is never removed: 409 `last_way_in`.
#[utoipa::path(delete, path = "/auth/password", tag = "account", security(("bearer" = []), ("cookie" = [])),
    request_body = DeleteAccountRequest,
    responses((status = 204), (status = 401, description = "Wrong password, or not signed in", body = ErrorResponse),
        (status = 404, description = "The account has no password", body = ErrorResponse),
        (status = 409, description = "It is the last way in", body = ErrorResponse),
        (status = 422, description = "A body without the password", body = ErrorResponse), super::error::PasswordRouteRefusals))]
pub async fn remove_password(
    State(state): State<AppState>,
    owner: Owner,
    ApiJson(body): ApiJson<DeleteAccountRequest>,
) -> Result<StatusCode, ApiError> {
    state.auth.remove_password(&owner.caller, &body.password, &owner.requester()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Prove it is you again, with the password: opens the sudo window (10 minutes) of this
/// session, which an application's dangerous routes ask for (403
/// `reauthentication_required` past it).
#[utoipa::path(post, path = "/auth/reauthenticate", tag = "account", security(("bearer" = []), ("cookie" = [])),
    request_body = ReauthenticateRequest,
    responses((status = 204), (status = 401, description = "Wrong password, or not signed in", body = ErrorResponse),
        (status = 422, description = "A body without the password", body = ErrorResponse), super::error::PasswordRouteRefusals))]
pub async fn reauthenticate(
    State(state): State<AppState>,
    owner: Owner,
    ApiJson(body): ApiJson<ReauthenticateRequest>,
) -> Result<StatusCode, ApiError> {
    state.auth.reauthenticate(&owner.caller, &body.password, &owner.requester()).await?;
    Ok(StatusCode::NO_CONTENT)
}
