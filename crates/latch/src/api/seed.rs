//! The seed-compatible routes: thin handlers over `auth::server`, holding no rules.

use axum::{
    extract::State,
    http::{header::AUTHORIZATION, HeaderMap},
    Json,
};
use base64::{engine::general_purpose::STANDARD, Engine};
use tower_cookies::Cookies;

use super::{
    error::{ApiError, ErrorResponse, PasswordRouteRefusals},
    extract::RequestSource,
    json::ApiJson,
    schema::{LoginRequest, MessageResponse, ProtectedResponse, SignupRequest, TokenResponse, UserResponse},
};
use crate::{
    auth::{
        error::AuthError,
        server::{factors::second_step::LoginOutcome, service::AuthUser, store::User},
    },
    web::{locale::browser_language, state::AppState},
};

impl From<&User> for UserResponse {
    fn from(user: &User) -> Self {
        Self { id: user.id, email: user.email.clone(), username: user.username.clone() }
    }
}

fn bearer(token: String) -> TokenResponse {
    TokenResponse { access_token: token, token_type: "bearer".to_owned() }
}

/// Create an account. It does not sign in: call `/auth/login` next. Its pages and mail will be
/// in the language `Accept-Language` prefers (Korean or English; English otherwise).
#[utoipa::path(post, path = "/auth/signup", tag = "authentication", request_body = SignupRequest,
    responses((status = 200, body = UserResponse), (status = 400, description = "Email already registered", body = ErrorResponse),
        (status = 422, description = "Invalid fields", body = ErrorResponse), PasswordRouteRefusals))]
pub async fn signup(
    State(state): State<AppState>,
    source: RequestSource,
    headers: HeaderMap,
    ApiJson(body): ApiJson<SignupRequest>,
) -> Result<Json<UserResponse>, ApiError> {
    let (fields, language) = (body.fields.unwrap_or_default(), browser_language(&headers).unwrap_or_default());
    let (email, username, password) = (&body.email, &body.username, &body.password);
    let user = state.auth.signup(email, username, password, fields, language, &source.requester()).await?;
    Ok(Json(UserResponse::from(&user)))
}

/// Exchange an email and password for a bearer token. For an account with a second factor,
/// a right password answers 401 `second_factor_required` with a `challenge` for
/// `POST /auth/login/second-factor`, and no token.
#[utoipa::path(post, path = "/auth/login", tag = "authentication", request_body = LoginRequest,
    responses((status = 200, body = TokenResponse),
        (status = 401, description = "Incorrect email or password; or `second_factor_required`, with a `challenge`", body = ErrorResponse),
        (status = 422, body = ErrorResponse), PasswordRouteRefusals))]
pub async fn login(
    State(state): State<AppState>,
    source: RequestSource,
    ApiJson(body): ApiJson<LoginRequest>,
) -> Result<Json<TokenResponse>, ApiError> {
    match state.auth.login(&body.email, &body.password, &source.requester()).await? {
        LoginOutcome::Session(session) => Ok(Json(bearer(session.token))),
        LoginOutcome::SecondFactor { challenge } => Err(ApiError::SecondFactor { challenge }),
    }
}

/// Exchange HTTP Basic credentials (email as the user name) for a bearer token.
#[utoipa::path(post, path = "/token", tag = "authentication", security(("basic" = [])),
    responses((status = 200, body = TokenResponse), (status = 400, description = "Incorrect username or password", body = ErrorResponse),
        (status = 401, description = "No Basic credentials; or `second_factor_required`: the account has a second factor, use `/auth/login`", body = ErrorResponse), PasswordRouteRefusals))]
pub async fn token(
    State(state): State<AppState>,
    source: RequestSource,
    headers: HeaderMap,
) -> Result<Json<TokenResponse>, ApiError> {
    let (email, password) = basic_credentials(&headers).ok_or(ApiError::NotAuthenticated { scheme: "Basic" })?;
    match state.auth.login(&email, &password, &source.requester()).await {
        Ok(LoginOutcome::Session(session)) => Ok(Json(bearer(session.token))),
        // `/token` has no second step: such an account is sent to `/auth/login`.
        Ok(LoginOutcome::SecondFactor { .. }) => Err(ApiError::TokenNeedsSecondStep),
        Err(AuthError::InvalidCredentials | AuthError::Invalid(_)) => Err(ApiError::TokenLoginFailed),
        Err(other) => Err(other.into()),
    }
}

/// The signed-in account.
#[utoipa::path(get, path = "/auth/me", tag = "authentication", security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, body = UserResponse), (status = 401, body = ErrorResponse)))]
pub async fn me(caller: AuthUser) -> Json<UserResponse> {
    Json(UserResponse::from(&*caller.user))
}

/// An example protected route.
#[utoipa::path(get, path = "/protected", tag = "authentication", security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, body = ProtectedResponse), (status = 401, body = ErrorResponse)))]
pub async fn protected(caller: AuthUser) -> Json<ProtectedResponse> {
    Json(ProtectedResponse { user: caller.user.email.clone(), message: "This is a protected route!".to_owned() })
}

/// Revoke the session: the token stops working, whether sent as bearer or cookie.
#[utoipa::path(delete, path = "/logout", tag = "authentication", security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, body = MessageResponse), (status = 401, body = ErrorResponse), (status = 403, description = "Cookie sent from another origin", body = ErrorResponse)))]
pub async fn logout(
    State(state): State<AppState>,
    cookies: Cookies,
    source: RequestSource,
    caller: AuthUser,
) -> Result<Json<MessageResponse>, ApiError> {
    state.auth.logout(&caller, &source.requester()).await?;
    state.cookie.clear(&cookies);
    Ok(Json(MessageResponse { message: "Successfully logged out".to_owned() }))
}

/// The same as `DELETE /logout`, for clients that can only POST.
#[utoipa::path(post, path = "/auth/logout", tag = "authentication", security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, body = MessageResponse), (status = 401, body = ErrorResponse), (status = 403, description = "Cookie sent from another origin", body = ErrorResponse)))]
pub async fn logout_post(
    state: State<AppState>,
    cookies: Cookies,
    source: RequestSource,
    caller: AuthUser,
) -> Result<Json<MessageResponse>, ApiError> {
    logout(state, cookies, source, caller).await
}

/// `Authorization: Basic base64(email:password)`; the password may itself contain colons.
fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = String::from_utf8(STANDARD.decode(encoded.trim()).ok()?).ok()?;
    let (email, password) = decoded.split_once(':')?;
    Some((email.to_owned(), password.to_owned()))
}
