//! How an `AuthError` answers on the JSON door: `{ "detail": ..., "code": ... }`, the shape
//! the seed's FastAPI clients parse, with its real status and the headers that go with it.

use axum::{
    http::{
        header::{CACHE_CONTROL, RETRY_AFTER, WWW_AUTHENTICATE},
        HeaderValue, StatusCode,
    },
    response::{IntoResponse, Response},
    Json,
};
use serde_json::{json, Value};

use crate::auth::error::{AuthError, FieldErrors};

impl IntoResponse for AuthError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let detail = match &self {
            AuthError::Invalid(fields) => field_details(fields),
            other => Value::String(other.to_string()),
        };
        let mut response = (status, Json(json!({ "detail": detail, "code": self.code() }))).into_response();
        let headers = response.headers_mut();
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if status == StatusCode::UNAUTHORIZED {
            headers.insert(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if let Some(seconds) = self.retry_after_secs() {
            headers.insert(RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// FastAPI's 422 `detail`: a list of `{ loc, msg, type }`, one per refused field. The input
/// itself is never echoed (it may be a password).
pub fn field_details(fields: &FieldErrors) -> Value {
    let entries = [("email", &fields.email), ("username", &fields.username), ("password", &fields.password)];
    Value::Array(
        entries
            .into_iter()
            .filter_map(|(name, error)| error.map(|error| json!({ "loc": ["body", name], "msg": error.to_string(), "type": "value_error" })))
            .collect(),
    )
}
