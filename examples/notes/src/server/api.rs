//! Notes for programs, with a bearer token (`POST /auth/login`): `GET` and `POST /api/notes`,
//! `GET` and `DELETE /api/notes/{id}`. Behind Latch's layers; refusals in Latch's shape
//! (`{ detail, code }`): 401 for no caller, 404 for a note that is not the caller's.

use axum::{
    extract::{Path, State},
    http::StatusCode,
    routing::get,
    Json, Router,
};
use latch::{
    api::{error::ApiError, guard::SignedIn},
    auth::error::AuthError,
    web::state::AppState,
};
use serde::Deserialize;

use super::store;
use crate::model::Note;

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/notes", get(list).post(add)).route("/api/notes/{id}", get(one).delete(remove))
}

#[derive(Deserialize)]
struct NewNote {
    text: String,
}

async fn list(State(state): State<AppState>, SignedIn(caller): SignedIn) -> Result<Json<Vec<Note>>, ApiError> {
    Ok(Json(store::notes_of(&state.db, caller.id(), store::PAGE).await?))
}

async fn add(
    State(state): State<AppState>,
    SignedIn(caller): SignedIn,
    Json(body): Json<NewNote>,
) -> Result<(StatusCode, Json<Note>), ApiError> {
    let text = store::checked_text(&body.text)?;
    Ok((StatusCode::CREATED, Json(store::add(&state.db, caller.id(), text).await?)))
}

async fn one(
    State(state): State<AppState>,
    SignedIn(caller): SignedIn,
    Path(id): Path<i64>,
) -> Result<Json<Note>, ApiError> {
    Ok(Json(store::note(&state.db, caller.id(), id).await?.ok_or(AuthError::NotFound)?))
}

async fn remove(
    State(state): State<AppState>,
    SignedIn(caller): SignedIn,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    store::delete(&state.db, caller.id(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}
