//! The JSON door's error answer: `{ "detail": ..., "code": ... }`, the shape the seed's FastAPI
//! clients parse, with its real status and the headers that go with it.

use axum::{
    http::{
        header::{RETRY_AFTER, WWW_AUTHENTICATE},
        HeaderValue, StatusCode,
    },
    response::{IntoResponse, Response},
    Json,
};
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::error::{AuthError, FieldErrors};

/// Every error: a human `detail` (a sentence, or FastAPI's list for 422) and a stable `code`.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ErrorResponse {
    /// The seed's `detail`: a sentence, or one entry per refused field.
    pub detail: ErrorDetail,
    /// e.g. `invalid_credentials`, `email_taken`, `invalid_input`, `throttled`.
    pub code: String,
    /// With `second_factor_required` from `/auth/login`: what to send to
    /// `/auth/login/second-factor` with the code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub challenge: Option<String>,
}

/// What `detail` holds: FastAPI's two shapes.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[serde(untagged)]
pub enum ErrorDetail {
    /// A sentence, as the seed writes most refusals.
    Message(String),
    /// One entry per refused field, as FastAPI's validation writes them.
    Fields(Vec<FieldProblem>),
}

/// One refused part of the request, as FastAPI reports it.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct FieldProblem {
    /// e.g. `missing`, `value_error`, `json_invalid`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Where: `["body", "email"]`, or `["body", 7]` for a character position.
    pub loc: Vec<Location>,
    /// What a person reads about this field.
    pub msg: String,
}

/// One step of a field's path in the request (`["body", "email"]`).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[serde(untagged)]
pub enum Location {
    /// A name: `body`, a field.
    Name(String),
    /// A position in a list.
    Position(u64),
}

impl FieldProblem {
    /// A problem of kind `kind` at `loc`, saying `msg`.
    pub fn new(kind: &str, loc: Vec<Location>, msg: impl Into<String>) -> Self {
        Self { kind: kind.to_owned(), loc, msg: msg.into() }
    }

    /// A problem with the named field of the body.
    pub fn field(kind: &str, field: &str, msg: impl Into<String>) -> Self {
        Self::new(kind, vec![Location::Name("body".into()), Location::Name(field.into())], msg)
    }
}

/// The refusals every route that takes a password shares, for the OpenAPI document.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)] // described, never built: the answers come from `ApiError`
pub enum PasswordRouteRefusals {
    /// 403: a state change from another site (the CSRF check).
    #[response(status = 403, description = "Sent from another origin")]
    CrossSite(ErrorResponse),
    /// 413: a body past the limit.
    #[response(status = 413, description = "Body over 64 KiB")]
    TooLarge(ErrorResponse),
    /// 429, with `Retry-After`.
    #[response(status = 429, description = "Too many attempts; see Retry-After")]
    Throttled(ErrorResponse),
    /// 503, with `Retry-After`: the hashing queue or the database is full.
    #[response(status = 503, description = "Too busy to check a password now; see Retry-After")]
    Busy(ErrorResponse),
}

/// Everything the JSON API can answer with besides success.
#[derive(Debug)]
pub enum ApiError {
    /// A rule of `auth::server` said no.
    Auth(AuthError),
    /// No credentials at all: FastAPI's "Not authenticated", with the scheme to use.
    NotAuthenticated {
        /// `Bearer`, or `Basic` for the seed's `POST /token`.
        scheme: &'static str,
    },
    /// Credentials were presented and refused (bad, expired or revoked token). The seed's
    /// clients match this exact message.
    CouldNotValidate,
    /// `POST /token` keeps the seed's own answer for wrong credentials: 400, other wording.
    TokenLoginFailed,
    /// A body that is not the JSON the route expects: FastAPI's 422 list.
    Malformed(Vec<FieldProblem>),
    /// A right password for an account with a second factor: the challenge for the next step.
    SecondFactor {
        /// What `POST /auth/login/second-factor` takes with the code.
        challenge: String,
    },
    /// `POST /token` for an account with a second factor, which that route cannot take.
    TokenNeedsSecondStep,
    /// A wrong or replayed code at the second step of a login (elsewhere a wrong code is 400).
    CodeRefusedAtLogin,
}

impl From<AuthError> for ApiError {
    fn from(error: AuthError) -> Self {
        Self::Auth(error)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let message = |text: &str| ErrorDetail::Message(text.to_owned());
        let (status, detail, code) = match &self {
            // The seed answered a duplicate email with 400, and its clients expect that.
            Self::Auth(AuthError::EmailTaken) => {
                (StatusCode::BAD_REQUEST, message(&AuthError::EmailTaken.to_string()), "email_taken")
            }
            Self::Auth(AuthError::Invalid(fields)) => {
                (StatusCode::UNPROCESSABLE_ENTITY, ErrorDetail::Fields(field_problems(fields)), "invalid_input")
            }
            Self::Auth(error) => (status_of(error), message(&error.to_string()), error.code()),
            Self::NotAuthenticated { .. } => {
                (StatusCode::UNAUTHORIZED, message("Not authenticated"), "not_authenticated")
            }
            Self::CouldNotValidate => {
                (StatusCode::UNAUTHORIZED, message("인증 정보를 확인할 수 없습니다"), "invalid_token")
            }
            Self::TokenLoginFailed => {
                (StatusCode::BAD_REQUEST, message("Incorrect username or password"), "invalid_credentials")
            }
            Self::Malformed(problems) => {
                (StatusCode::UNPROCESSABLE_ENTITY, ErrorDetail::Fields(problems.clone()), "invalid_input")
            }
            Self::SecondFactor { .. } => (
                StatusCode::UNAUTHORIZED,
                message("A second factor is required: send the challenge and a code to /auth/login/second-factor"),
                "second_factor_required",
            ),
            Self::TokenNeedsSecondStep => (
                StatusCode::UNAUTHORIZED,
                message("This account has a second factor, which /token cannot take: log in with POST /auth/login"),
                "second_factor_required",
            ),
            Self::CodeRefusedAtLogin => {
                (StatusCode::UNAUTHORIZED, message(&AuthError::InvalidCode.to_string()), AuthError::InvalidCode.code())
            }
        };
        let challenge = if let Self::SecondFactor { challenge } = &self { Some(challenge.clone()) } else { None };
        let mut response = (status, Json(ErrorResponse { detail, code: code.to_owned(), challenge })).into_response();
        let headers = response.headers_mut();
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

/// FastAPI's 422 `detail`: one `{ type, loc, msg }` per refused field. The input itself is
/// never echoed back (it may be a password).
fn field_problems(fields: &FieldErrors) -> Vec<FieldProblem> {
    let entries = [("email", &fields.email), ("username", &fields.username), ("password", &fields.password)];
    let latch = entries
        .into_iter()
        .filter_map(|(name, error)| error.map(|error| FieldProblem::field("value_error", name, error.to_string())));
    // The application's fields travel under `fields`: their place says so.
    let others = fields.others.iter().map(|refusal| {
        let loc = ["body", "fields", refusal.field.as_str()].map(|part| Location::Name(part.into())).to_vec();
        FieldProblem::new("value_error", loc, refusal.message.clone())
    });
    latch.chain(others).collect()
}
