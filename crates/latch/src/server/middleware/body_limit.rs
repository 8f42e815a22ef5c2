//! Every request body over the limit is refused with 413, however it is framed. A declared
//! `Content-Length` over the limit is refused before reading (hyper never delivers more than
//! it declares); a chunked body is read up to the limit and refused the moment it passes it.
//! Handlers then get the body whole, so no door can mistake a cut-off body for a malformed
//! one (422) or a network failure.

use axum::{
    body::{to_bytes, Body},
    extract::Request,
    http::StatusCode,
    middleware::Next,
    response::{IntoResponse, Response},
    Json,
};

/// No form or JSON body of ours comes near this.
pub const BODY_LIMIT_BYTES: usize = 64 * 1024;

/// Refuses a body past the limit with 413, before it is read.
pub async fn refuse_large_bodies(request: Request, next: Next) -> Response {
    use axum::body::HttpBody;
    let size = request.body().size_hint();
    if size.lower() > BODY_LIMIT_BYTES as u64 {
        return too_large();
    }
    // A body of known length within the limit (a declared Content-Length, which hyper
    // enforces, or no body at all) passes untouched: the hot path pays nothing more.
    if size.upper().is_some_and(|upper| upper <= BODY_LIMIT_BYTES as u64) {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let bytes = match to_bytes(body, BODY_LIMIT_BYTES).await {
        Ok(bytes) => bytes,
        Err(error) if is_length_limit(&error) => return too_large(),
        Err(error) => {
            tracing::debug!(%error, "the request body could not be read");
            return problem(StatusCode::BAD_REQUEST, "The request body could not be read.", "bad_request");
        }
    };
    next.run(Request::from_parts(parts, Body::from(bytes))).await
}

fn is_length_limit(error: &axum::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(error) = source {
        if error.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        source = error.source();
    }
    false
}

fn too_large() -> Response {
    problem(StatusCode::PAYLOAD_TOO_LARGE, "The request body is over 64 KiB.", "body_too_large")
}

fn problem(status: StatusCode, detail: &str, code: &str) -> Response {
    (status, Json(serde_json::json!({ "detail": detail, "code": code }))).into_response()
}
