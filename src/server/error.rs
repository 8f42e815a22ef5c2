//! The JSON door's error answer: `{ "detail": ..., "code": ... }`, the shape the seed's FastAPI
//! clients parse, with its real status and the headers that go with it.

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

/// Everything the JSON API can answer with besides success.
#[derive(Debug)]
pub enum ApiError {
    /// A rule of `auth::service` said no.
    Auth(AuthError),
    /// No credentials at all: FastAPI's "Not authenticated", with the scheme to use.
    NotAuthenticated { scheme: &'static str },
    /// Credentials were presented and refused (bad, expired or revoked token). The seed's
    /// clients match this exact message.
    CouldNotValidate,
    /// `POST /token` keeps the seed's own answer for wrong credentials: 400, other wording.
    TokenLoginFailed,
    /// A body that is not the JSON the route expects: FastAPI's 422 list.
    Malformed(Vec<Value>),
}

impl From<AuthError> for ApiError {
    fn from(error: AuthError) -> Self {
        Self::Auth(error)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, detail, code) = match &self {
            // The seed answered a duplicate email with 400, and its clients expect that.
            Self::Auth(AuthError::EmailTaken) => (StatusCode::BAD_REQUEST, json!(AuthError::EmailTaken.to_string()), "email_taken"),
            Self::Auth(AuthError::Invalid(fields)) => (StatusCode::UNPROCESSABLE_ENTITY, field_details(fields), "invalid_input"),
            Self::Auth(error) => (status_of(error), json!(error.to_string()), error.code()),
            Self::NotAuthenticated { .. } => (StatusCode::UNAUTHORIZED, json!("Not authenticated"), "not_authenticated"),
            Self::CouldNotValidate => (StatusCode::UNAUTHORIZED, json!("인증 정보를 확인할 수 없습니다"), "invalid_token"),
            Self::TokenLoginFailed => (StatusCode::BAD_REQUEST, json!("Incorrect username or password"), "invalid_credentials"),
            Self::Malformed(details) => (StatusCode::UNPROCESSABLE_ENTITY, Value::Array(details.clone()), "invalid_input"),
        };
        let mut response = (status, Json(json!({ "detail": detail, "code": code }))).into_response();
        let headers = response.headers_mut();
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if status == StatusCode::UNAUTHORIZED {
            let scheme = if let Self::NotAuthenticated { scheme } = self { scheme } else { "Bearer" };
            headers.insert(WWW_AUTHENTICATE, HeaderValue::from_static(scheme));
        }
        if let Self::Auth(error) = &self {
            if let Some(seconds) = error.retry_after_secs() {
                headers.insert(RETRY_AFTER, HeaderValue::from(seconds));
            }
        }
        response
    }
}

fn status_of(error: &AuthError) -> StatusCode {
    StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// FastAPI's 422 `detail`: a list of `{ type, loc, msg }`, one per refused field. The input
/// itself is never echoed back (it may be a password).
pub fn field_details(fields: &FieldErrors) -> Value {
    let entries = [("email", &fields.email), ("username", &fields.username), ("password", &fields.password)];
    Value::Array(
        entries
            .into_iter()
            .filter_map(|(name, error)| {
                error.map(|error| json!({ "type": "value_error", "loc": ["body", name], "msg": error.to_string() }))
            })
            .collect(),
    )
}
