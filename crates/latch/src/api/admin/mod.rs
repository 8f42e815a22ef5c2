//! The administrators' JSON routes under `/auth/admin/`: the console's reads and actions for
//! a bearer token (or the cookie). Thin handlers over `auth::server::admin`; the gate is the
//! extractor: 401 for nobody, 403 `forbidden` for a non-administrator, 403
//! `admin_second_factor_required` without a second factor, and, for a change, 403
//! `reauthentication_required` outside the sudo window (`POST /auth/reauthenticate` opens it).

use axum::{
    extract::{rejection::QueryRejection, FromRequestParts, Path, Query, State},
    http::{request::Parts, StatusCode},
    Json,
};

mod schema;

use super::{
    error::{ApiError, ErrorResponse, FieldProblem, Location},
    extract::RequestSource,
    json::ApiJson,
};
pub use schema::{AuditQuery, By, ChangedResponse, PeopleQuery, RoleRequest};

use crate::{
    auth::server::{
        admin::{
            actions::{Act, Outcome},
            people::MAX_PAGE,
            views::{AuditPage, DayCounts, PeoplePage, PersonDetails},
            Admin, Need,
        },
        service::{AuthUser, Requester},
        store::audit::AuditFilter,
    },
    web::state::AppState,
};

/// The prefix of every administrators' route.
pub const ADMIN_API: &str = "/auth/admin";

/// An administrator allowed to read, and where the request came from.
pub struct AdminReading {
    admin: Admin,
    source: RequestSource,
}

/// An administrator allowed to change accounts (the sudo window is open).
pub struct AdminChanging {
    admin: Admin,
    source: RequestSource,
}

async fn gate(parts: &mut Parts, state: &AppState, need: Need) -> Result<(Admin, RequestSource), ApiError> {
    let caller = AuthUser::from_request_parts(parts, state).await?;
    let admin = state.auth.admin_gate(caller, need).await?;
    let Ok(source) = RequestSource::from_request_parts(parts, state).await;
    Ok((admin, source))
}

impl FromRequestParts<AppState> for AdminReading {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let (admin, source) = gate(parts, state, Need::Read).await?;
        Ok(Self { admin, source })
    }
}

impl FromRequestParts<AppState> for AdminChanging {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let (admin, source) = gate(parts, state, Need::Change).await?;
        Ok(Self { admin, source })
    }
}

impl AdminChanging {
    fn requester(&self) -> Requester<'_> {
        self.source.requester()
    }
}

fn query_problem(message: String) -> ApiError {
    let location = vec![Location::Name("query".into())];
    ApiError::Malformed(vec![FieldProblem::new("query_invalid", location, message)])
}

fn page_size(limit: Option<u32>) -> Result<u32, ApiError> {
    let limit = limit.unwrap_or(50);
    match (1..=MAX_PAGE).contains(&limit) {
        true => Ok(limit),
        false => Err(query_problem(format!("limit must be from 1 to {MAX_PAGE}"))),
    }
}

/// A path's id that is not a number names no one.
fn person_id(id: Result<Path<i64>, axum::extract::rejection::PathRejection>) -> Result<i64, ApiError> {
    id.map(|Path(id)| id).map_err(|_| ApiError::Auth(crate::auth::error::AuthError::NotFound))
}

/// Search accounts by a prefix of the address or the name, or by id; keyset pages.
#[utoipa::path(get, path = "/auth/admin/people", tag = "admin", security(("bearer" = []), ("cookie" = [])), params(PeopleQuery),
    responses((status = 200, body = PeoplePage), (status = 401, body = ErrorResponse), (status = 403, body = ErrorResponse),
        (status = 422, body = ErrorResponse)))]
pub async fn people(
    State(state): State<AppState>,
    reading: AdminReading,
    query: Result<Query<PeopleQuery>, QueryRejection>,
) -> Result<Json<PeoplePage>, ApiError> {
    let Query(query) = query.map_err(|rejection| query_problem(rejection.body_text()))?;
    let limit = page_size(query.limit)?;
    let page =
        state.auth.search_people(&reading.admin, query.by.into(), &query.q, query.after.as_deref(), limit).await?;
    Ok(Json(page))
}

/// One account in full: profile, roles, state, sessions, passkeys' names, newest events. The
/// look is recorded in the audit.
#[utoipa::path(get, path = "/auth/admin/people/{id}", tag = "admin", security(("bearer" = []), ("cookie" = [])),
    params(("id" = i64, Path, description = "The account's id")),
    responses((status = 200, body = PersonDetails), (status = 401, body = ErrorResponse), (status = 403, body = ErrorResponse),
        (status = 404, body = ErrorResponse)))]
pub async fn person(
    State(state): State<AppState>,
    reading: AdminReading,
    id: Result<Path<i64>, axum::extract::rejection::PathRejection>,
) -> Result<Json<PersonDetails>, ApiError> {
    let id = person_id(id)?;
    Ok(Json(state.auth.person(&reading.admin, id, &reading.source.requester()).await?))
}

async fn act(
    state: &AppState,
    changing: &AdminChanging,
    id: i64,
    act: Act<'_>,
) -> Result<Json<ChangedResponse>, ApiError> {
    let outcome = state.auth.admin_act(&changing.admin, id, act, &changing.requester()).await?;
    Ok(Json(ChangedResponse { changed: outcome == Outcome::Changed }))
}

macro_rules! action_route {
    ($name:ident, $path:literal, $act:expr, $doc:literal) => {
        #[doc = $doc]
        #[utoipa::path(post, path = $path, tag = "admin", security(("bearer" = []), ("cookie" = [])),
            params(("id" = i64, Path, description = "The account's id")),
            responses((status = 200, body = ChangedResponse), (status = 401, body = ErrorResponse),
                (status = 403, body = ErrorResponse), (status = 404, body = ErrorResponse), (status = 409, body = ErrorResponse)))]
        pub async fn $name(
            State(state): State<AppState>,
            changing: AdminChanging,
            id: Result<Path<i64>, axum::extract::rejection::PathRejection>,
        ) -> Result<Json<ChangedResponse>, ApiError> {
            act(&state, &changing, person_id(id)?, $act).await
        }
    };
}

action_route!(
    disable,
    "/auth/admin/people/{id}/disable",
    Act::Disable,
    "Disable the account: every session ends on every instance, every way in is refused. Not one's own."
);
action_route!(enable, "/auth/admin/people/{id}/enable", Act::Enable, "Enable a disabled account again.");
action_route!(sign_out, "/auth/admin/people/{id}/sign-out", Act::SignOut, "End every session of the account.");
action_route!(
    send_verification,
    "/auth/admin/people/{id}/verification",
    Act::ResendVerification,
    "Mail a new link that proves the address (`changed: false` when it is proven already)."
);
action_route!(send_reset, "/auth/admin/people/{id}/password-reset", Act::SendReset, "Mail a password reset link.");
action_route!(
    remove_authenticator,
    "/auth/admin/people/{id}/authenticator/remove",
    Act::RemoveAuthenticator,
    "Remove the authenticator app and its recovery codes (a lost phone); every session ends. Not one's own."
);
action_route!(
    remove_passkeys,
    "/auth/admin/people/{id}/passkeys/remove",
    Act::RemovePasskeys,
    "Remove every passkey; every session ends. Not one's own."
);

/// Grant a role the site knows (`admin`, or the application's own).
#[utoipa::path(post, path = "/auth/admin/people/{id}/roles", tag = "admin", security(("bearer" = []), ("cookie" = [])),
    params(("id" = i64, Path, description = "The account's id")), request_body = RoleRequest,
    responses((status = 200, body = ChangedResponse), (status = 401, body = ErrorResponse), (status = 403, body = ErrorResponse),
        (status = 404, body = ErrorResponse), (status = 422, body = ErrorResponse)))]
pub async fn grant_role(
    State(state): State<AppState>,
    changing: AdminChanging,
    id: Result<Path<i64>, axum::extract::rejection::PathRejection>,
    ApiJson(body): ApiJson<RoleRequest>,
) -> Result<Json<ChangedResponse>, ApiError> {
    act(&state, &changing, person_id(id)?, Act::GrantRole(&body.role)).await
}

/// Revoke a role. `admin` is refused (409 `last_administrator`) when no other enabled
/// administrator would be left.
#[utoipa::path(delete, path = "/auth/admin/people/{id}/roles/{role}", tag = "admin", security(("bearer" = []), ("cookie" = [])),
    params(("id" = i64, Path, description = "The account's id"), ("role" = String, Path, description = "The role")),
    responses((status = 200, body = ChangedResponse), (status = 401, body = ErrorResponse), (status = 403, body = ErrorResponse),
        (status = 404, body = ErrorResponse), (status = 409, body = ErrorResponse), (status = 422, body = ErrorResponse)))]
pub async fn revoke_role(
    State(state): State<AppState>,
    changing: AdminChanging,
    path: Result<Path<(i64, String)>, axum::extract::rejection::PathRejection>,
) -> Result<Json<ChangedResponse>, ApiError> {
    let Ok(Path((id, role))) = path else { return Err(ApiError::Auth(crate::auth::error::AuthError::NotFound)) };
    act(&state, &changing, id, Act::RevokeRole(&role)).await
}

/// Delete the account and everything it holds; the person is mailed. Not one's own.
#[utoipa::path(delete, path = "/auth/admin/people/{id}", tag = "admin", security(("bearer" = []), ("cookie" = [])),
    params(("id" = i64, Path, description = "The account's id")),
    responses((status = 204), (status = 401, body = ErrorResponse), (status = 403, body = ErrorResponse),
        (status = 404, body = ErrorResponse), (status = 409, body = ErrorResponse)))]
pub async fn delete_person(
    State(state): State<AppState>,
    changing: AdminChanging,
    id: Result<Path<i64>, axum::extract::rejection::PathRejection>,
) -> Result<StatusCode, ApiError> {
    state.auth.admin_act(&changing.admin, person_id(id)?, Act::Delete, &changing.requester()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// What administrators did, newest first, filtered by administrator and by person.
#[utoipa::path(get, path = "/auth/admin/audit", tag = "admin", security(("bearer" = []), ("cookie" = [])), params(AuditQuery),
    responses((status = 200, body = AuditPage), (status = 401, body = ErrorResponse), (status = 403, body = ErrorResponse),
        (status = 422, body = ErrorResponse)))]
pub async fn audit(
    State(state): State<AppState>,
    reading: AdminReading,
    query: Result<Query<AuditQuery>, QueryRejection>,
) -> Result<Json<AuditPage>, ApiError> {
    let Query(query) = query.map_err(|rejection| query_problem(rejection.body_text()))?;
    let limit = page_size(query.limit)?;
    let filter = AuditFilter { admin_id: query.admin, subject_id: query.person, before: query.before };
    Ok(Json(state.auth.audit(&reading.admin, filter, limit).await?))
}

/// Sign-ups, sign-ins and failed sign-ins per day (UTC) for the last 30 days, oldest first.
#[utoipa::path(get, path = "/auth/admin/activity", tag = "admin", security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, body = [DayCounts]), (status = 401, body = ErrorResponse), (status = 403, body = ErrorResponse)))]
pub async fn activity(State(state): State<AppState>, reading: AdminReading) -> Result<Json<Vec<DayCounts>>, ApiError> {
    Ok(Json(state.auth.activity_by_day(&reading.admin).await?))
}
