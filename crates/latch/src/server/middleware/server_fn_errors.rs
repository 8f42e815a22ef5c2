//! Server functions answer every error with 500 (the `server_fn` crate's default), including
//! arguments that failed to parse before our code ran. Ours always carry an `AuthError`, and
//! it knows its real status: this gives the answer that status and its `Retry-After`, in one
//! place, whatever produced the error.

use axum::{
    body::{to_bytes, Body},
    extract::Request,
    http::{header::RETRY_AFTER, HeaderValue, StatusCode},
    middleware::Next,
    response::Response,
};
use leptos::server_fn::error::SERVER_FN_ERROR_HEADER;

use crate::auth::error::AuthError;

/// Error bodies are a few hundred bytes; anything longer is not ours to reinterpret.
const ERROR_BODY_LIMIT: usize = 16 * 1024;

/// Gives a refused server function's answer its real status (401, 422, 429, ...).
pub async fn give_server_fn_errors_their_status(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key(SERVER_FN_ERROR_HEADER)
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, ERROR_BODY_LIMIT).await else {
        return Response::from_parts(parts, Body::empty());
    };
    if let Ok(error) = serde_json::from_slice::<AuthError>(&bytes) {
        parts.status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        if let Some(seconds) = error.retry_after_secs() {
            parts.headers.insert(RETRY_AFTER, HeaderValue::from(seconds));
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}
