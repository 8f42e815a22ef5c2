//! The JSON API's request and response bodies, and their OpenAPI descriptions.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::json::StringFields;

#[derive(Deserialize, ToSchema)]
pub struct SignupRequest {
    #[schema(example = "ada@example.com", format = Email, max_length = 254)]
    pub email: String,
    /// 12 to 128 characters; not a common password; not containing the email or username.
    #[schema(example = "correct horse battery staple", min_length = 12, max_length = 128)]
    pub password: String,
    #[schema(example = "Ada", min_length = 1, max_length = 64)]
    pub username: String,
    /// The application's own signup fields, by name (none in Latch's own application).
    /// Names it did not declare are ignored; its refusals come back at
    /// `["body", "fields", name]`.
    #[serde(default)]
    pub fields: Option<std::collections::BTreeMap<String, String>>,
}

impl StringFields for SignupRequest {
    const FIELDS: &'static [&'static str] = &["email", "password", "username"];
}

#[derive(Deserialize, ToSchema)]
pub struct LoginRequest {
    #[schema(example = "ada@example.com", format = Email, max_length = 254)]
    pub email: String,
    #[schema(example = "correct horse battery staple", max_length = 128)]
    pub password: String,
}

impl StringFields for LoginRequest {
    const FIELDS: &'static [&'static str] = &["email", "password"];
}

#[derive(Serialize, ToSchema)]
pub struct UserResponse {
    pub id: i64,
    pub email: String,
    pub username: String,
}

#[derive(Serialize, ToSchema)]
pub struct TokenResponse {
    pub access_token: String,
    /// Always `bearer`.
    pub token_type: String,
}

#[derive(Serialize, ToSchema)]
pub struct ProtectedResponse {
    /// The caller's email.
    pub user: String,
    pub message: String,
}

#[derive(Serialize, ToSchema)]
pub struct MessageResponse {
    pub message: String,
}

#[derive(Deserialize, ToSchema)]
pub struct PasswordChangeRequest {
    #[schema(max_length = 128)]
    pub current_password: String,
    /// The signup rules apply: 12 to 128 characters, not common, not your email or username.
    #[schema(min_length = 12, max_length = 128)]
    pub new_password: String,
    /// Sign out every other session (default true).
    pub sign_out_others: Option<bool>,
}

impl StringFields for PasswordChangeRequest {
    const FIELDS: &'static [&'static str] = &["current_password", "new_password"];
}

#[derive(Deserialize, ToSchema)]
pub struct DeleteAccountRequest {
    #[schema(max_length = 128)]
    pub password: String,
}

/// `PUT /auth/notices` takes `{"new_device": bool}`: no string field, and serde refuses a
/// body without the switch (422).
impl StringFields for crate::auth::account::NoticeSettings {
    const FIELDS: &'static [&'static str] = &[];
}

impl StringFields for DeleteAccountRequest {
    const FIELDS: &'static [&'static str] = &["password"];
}

#[derive(Deserialize, ToSchema)]
pub struct ReauthenticateRequest {
    #[schema(max_length = 128)]
    pub password: String,
}

impl StringFields for ReauthenticateRequest {
    const FIELDS: &'static [&'static str] = &["password"];
}

#[derive(Serialize, ToSchema)]
pub struct RevokedResponse {
    /// How many sessions ended.
    pub revoked: usize,
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EventsQuery {
    /// Only events older than the event with this `id`.
    pub before: Option<i64>,
    /// How many, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
}

#[derive(Deserialize, ToSchema)]
pub struct PasswordResetRequest {
    #[schema(example = "ada@example.com", format = Email, max_length = 254)]
    pub email: String,
}

impl StringFields for PasswordResetRequest {
    const FIELDS: &'static [&'static str] = &["email"];
}

#[derive(Deserialize, ToSchema)]
pub struct PasswordResetConfirmRequest {
    /// The `token` of the link in the reset mail.
    #[schema(max_length = 64)]
    pub token: String,
    /// The signup rules apply: 12 to 128 characters, not common, not your email or username.
    #[schema(min_length = 12, max_length = 128)]
    pub new_password: String,
}

impl StringFields for PasswordResetConfirmRequest {
    const FIELDS: &'static [&'static str] = &["token", "new_password"];
}

#[derive(Deserialize, ToSchema)]
pub struct VerifyEmailRequest {
    /// The `token` of the link in the verification (or address change) mail.
    #[schema(max_length = 64)]
    pub token: String,
}

impl StringFields for VerifyEmailRequest {
    const FIELDS: &'static [&'static str] = &["token"];
}

#[derive(Serialize, ToSchema)]
pub struct VerifiedResponse {
    pub message: String,
    /// The account's address now (the new one, for an address change).
    pub email_changed: bool,
}

#[derive(Serialize, ToSchema)]
pub struct TotpSetupResponse {
    /// Base32, for typing into an app.
    pub secret: String,
    /// `otpauth://totp/...`: what the QR code holds.
    pub otpauth_uri: String,
}

#[derive(Deserialize, ToSchema)]
pub struct TotpCodeRequest {
    /// Six digits from the authenticator (or, to turn it off, a recovery code).
    #[schema(example = "123456", max_length = 32)]
    pub code: String,
    #[schema(max_length = 128)]
    pub password: String,
}

impl StringFields for TotpCodeRequest {
    const FIELDS: &'static [&'static str] = &["code", "password"];
}

#[derive(Serialize, ToSchema)]
pub struct RecoveryCodesResponse {
    /// Ten single-use codes, shown this once.
    pub recovery_codes: Vec<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct SecondFactorRequest {
    /// The `challenge` from `/auth/login`'s 401.
    #[schema(max_length = 64)]
    pub challenge: String,
    /// Six digits from the authenticator, or a recovery code.
    #[schema(example = "123456", max_length = 32)]
    pub code: String,
}

impl StringFields for SecondFactorRequest {
    const FIELDS: &'static [&'static str] = &["challenge", "code"];
}

#[derive(Serialize, ToSchema)]
pub struct SecondFactorResponse {
    pub access_token: String,
    /// Always `bearer`.
    pub token_type: String,
    /// When a recovery code was used: how many are left.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recovery_codes_left: Option<usize>,
}

#[derive(Deserialize, ToSchema)]
pub struct PasskeyStartRequest {
    /// Adding a passkey adds a way in: the password is asked again.
    #[schema(max_length = 128)]
    pub password: String,
}

impl StringFields for PasskeyStartRequest {
    const FIELDS: &'static [&'static str] = &["password"];
}

#[derive(Serialize, ToSchema)]
pub struct PasskeyCeremonyResponse {
    /// Send it back with the authenticator's answer.
    pub ceremony: String,
    /// For `navigator.credentials.create` or `.get` (binary fields in base64url).
    #[schema(value_type = Object)]
    pub options: serde_json::Value,
}

#[derive(Deserialize, ToSchema)]
pub struct PasskeyRegisterFinishRequest {
    pub ceremony: String,
    /// What the owner calls this passkey ("Laptop"), 1 to 64 characters.
    #[schema(max_length = 64)]
    pub name: String,
    /// The `PublicKeyCredential` from `navigator.credentials.create`, binary fields in base64url.
    #[schema(value_type = Object)]
    pub credential: serde_json::Value,
}

#[derive(Deserialize, ToSchema)]
pub struct PasskeyLoginFinishRequest {
    pub ceremony: String,
    /// The `PublicKeyCredential` from `navigator.credentials.get`, binary fields in base64url.
    #[schema(value_type = Object)]
    pub credential: serde_json::Value,
}

#[derive(Deserialize, ToSchema)]
pub struct PasskeyRenameRequest {
    #[schema(max_length = 64)]
    pub name: String,
}

impl StringFields for PasskeyRenameRequest {
    const FIELDS: &'static [&'static str] = &["name"];
}

impl StringFields for PasskeyRegisterFinishRequest {
    const FIELDS: &'static [&'static str] = &["ceremony", "name"];
}

impl StringFields for PasskeyLoginFinishRequest {
    const FIELDS: &'static [&'static str] = &["ceremony"];
}
