//! `GET /api/auth/me`, the browser's "who is signed in", answered by a plain axum handler
//! instead of the server-function dispatcher. Every hydrated page asks it, and the
//! dispatcher's work around a call (a reactive owner, a copy of the request's headers, a
//! context map, a boxed service looked up by path) is most of what an answer this small costs. The answer is
//! the server function's, byte for byte: `current_user`'s JSON on success, and on failure
//! its error encoding (`serverfnerror` header, the `AuthError` as JSON), which
//! `server::middleware::server_fn_errors` then gives its real status, as for every server function.

use axum::{
    extract::{Request, State},
    http::{header::CONTENT_TYPE, HeaderValue},
    response::{IntoResponse, Response},
};
use leptos::server_fn::{codec::JsonEncoding, error::FromServerFnError, response::Res, ContentType, ServerFn};
use tower_cookies::Cookies;

use super::{call::signed_in, CurrentUser};
use crate::{
    auth::{error::AuthError, UserProfile},
    web::state::AppState,
};

/// Where the route is mounted: the server function's own path, so the browser's stub calls it.
pub const PATH: &str = <CurrentUser as ServerFn>::PATH;

/// The request by value: taking its parts instead would copy its headers.
pub async fn current_user(State(state): State<AppState>, request: Request) -> Response {
    let cookies = request.extensions().get::<Cookies>();
    let answer = signed_in(&state, request.headers(), cookies).await;
    match answer.map(|caller| caller.map(|caller| UserProfile::from(&*caller.user))) {
        Ok(profile) => match serde_json::to_vec(&profile) {
            Ok(body) => {
                let content_type = HeaderValue::from_static(JsonEncoding::CONTENT_TYPE);
                ([(CONTENT_TYPE, content_type)], body).into_response()
            }
            Err(error) => {
                tracing::error!(%error, "cannot encode the signed-in profile");
                error_answer(&AuthError::Internal)
            }
        },
        Err(error) => error_answer(&error),
    }
}

fn error_answer(error: &AuthError) -> Response {
    <Response as Res>::error_response(PATH, error.ser())
}
