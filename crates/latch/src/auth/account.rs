//! What a person may see of their own account: where they are signed in, and what happened
//! to it. Both targets compile these: the account page renders them, the API serves them.

use serde::{Deserialize, Serialize};

/// The security events an account records, by the `type` name programs see.
pub const EVENT_TYPES: [&str; 39] = [
    "signup",
    "login",
    "login_failed",
    "logout",
    "session_revoked",
    "password_changed",
    "throttled",
    "password_reset_requested",
    "password_reset",
    "email_verified",
    "email_changed",
    "totp_enabled",
    "totp_disabled",
    "recovery_code_used",
    "passkey_added",
    "passkey_removed",
    "factors_removed_unproven",
    "reauthenticated",
    "admin_disabled",
    "admin_enabled",
    "admin_signed_out",
    "admin_removed_authenticator",
    "admin_removed_passkeys",
    "admin_granted_role",
    "admin_revoked_role",
    "admin_sent_reset",
    "admin_sent_verification",
    "admin_viewed_as",
    "identity_linked",
    "identity_unlinked",
    "account_claimed",
    "password_breached",
    "new_device",
    "not_me_reported",
    "guessing_noticed",
    "email_sign_in_requested",
    "email_sign_in_approved",
    "email_sign_in_code_failed",
    "password_removed",
];

/// The account as its owner sees it: `GET /auth/account`. The seed's `/auth/me` keeps its
/// shape; this is the profile plus whether the address is proven.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AccountView {
    /// The account's id, stable for its life.
    pub id: i64,
    /// The account's address, lower-cased.
    pub email: String,
    /// The name the account shows.
    pub username: String,
    /// Unix seconds, UTC.
    pub created_at: i64,
    /// Whether the owner opened a link mailed to `email` and confirmed it.
    pub email_verified: bool,
    /// The language its pages (where a browser chose none) and its mail are in: `en`, `ko`.
    pub language: String,
    /// The roles it holds (`admin`, the application's own), sorted.
    #[serde(default)]
    pub roles: Vec<String>,
    /// Whether a sign-in used a password the server's breach list holds, since the password
    /// last changed: the account page asks for a new one.
    #[serde(default)]
    pub password_breached: bool,
    /// Whether a sign-in from a new device is mailed to the owner (`PUT /auth/notices`).
    #[serde(default = "true_when_absent")]
    pub notify_new_device: bool,
    /// Whether the account has a password (an account made by a provider, or whose owner
    /// removed it, signs in another way).
    #[serde(default = "true_when_absent")]
    pub has_password: bool,
}

/// What an older answer without the field means (it predates the field).
fn true_when_absent() -> bool {
    true
}

/// Which notices the owner gets by mail: `PUT /auth/notices`. The ones about changes to the
/// account's ways in (a password changed, a factor removed) cannot be turned off.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NoticeSettings {
    /// A sign-in from a device the account has not seen before.
    pub new_device: bool,
}

/// One live session, as its owner sees it. `id` names the session for revoking it; it is
/// derived from the token's `jti` one way, so it cannot be turned back into a token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SessionView {
    /// A one-way name of the session, for revoking it.
    pub id: String,
    /// Unix seconds, UTC.
    pub created_at: i64,
    /// Unix seconds, UTC; updated at most once a minute.
    pub last_seen_at: i64,
    /// The browser's `User-Agent` when the session began, as sent.
    pub user_agent: Option<String>,
    /// Readable: "Chrome on Linux" (in English, for programs; a page says it in its own
    /// language from `browser` and `system`).
    pub device: String,
    /// The browser, as the `User-Agent` names it ("Chrome"), if it does.
    #[serde(default)]
    pub browser: Option<String>,
    /// The operating system ("Linux"), if the `User-Agent` names it.
    #[serde(default)]
    pub system: Option<String>,
    /// The session this request came with.
    pub current: bool,
}

/// One security event, newest first in every list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EventView {
    /// The cursor for `?before=`: events older than this one.
    pub id: i64,
    /// One of `EVENT_TYPES`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Unix seconds, UTC.
    pub at: i64,
    /// The address the request came from.
    pub ip: Option<String>,
    /// The `User-Agent` of the request, as sent.
    pub user_agent: Option<String>,
    /// What an administrator's event carries: the role granted or revoked; who looked at
    /// the account and why.
    #[serde(default)]
    pub detail: Option<String>,
}

/// Everything Latch holds about an account but its password hash: `GET /auth/export`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AccountExport {
    /// Unix seconds, UTC.
    pub exported_at: i64,
    /// Who the account is: id, address, name.
    pub profile: super::UserProfile,
    /// Whether the address is proven.
    pub email_verified: bool,
    /// The language its pages and mail are in (`en`, `ko`): the one it signed up in, or the
    /// one the switch chose since.
    pub language: String,
    /// Whether an authenticator is on, and how many recovery codes are unused (never a secret).
    pub second_factor: SecondFactorExport,
    /// Every passkey, by name and dates (never the key).
    pub passkeys: Vec<PasskeyView>,
    /// Every identity linked at another provider (never a token: none is kept).
    #[serde(default)]
    pub identities: Vec<IdentityView>,
    /// A move to another address asked for and not yet confirmed.
    pub pending_email_change: Option<PendingEmailChange>,
    /// Which optional notices it gets by mail.
    #[serde(default = "default_notices")]
    pub notices: NoticeSettings,
    /// The devices it signed in from, as the new-device notice knows them (never the cookie).
    #[serde(default)]
    pub known_devices: Vec<KnownDeviceView>,
    /// Whether a sign-in used a password the breach list holds, since it last changed.
    #[serde(default)]
    pub password_breached: bool,
    /// Every live session.
    pub sessions: Vec<SessionView>,
    /// The whole history kept (90 days), newest first.
    pub events: Vec<EventView>,
    /// What the application built on Latch keeps about the account (its own hooks say what);
    /// absent when it keeps nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ssr", schema(value_type = Option<Object>))]
    pub application: Option<serde_json::Value>,
}

fn default_notices() -> NoticeSettings {
    NoticeSettings { new_device: true }
}

/// A device the account signed in from, in the export.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct KnownDeviceView {
    /// `browser` (known by its device cookie) or `program` (by its agent and network).
    pub kind: String,
    /// Its `User-Agent` at its last sign-in, as sent.
    pub user_agent: Option<String>,
    /// Its coarse network at its last sign-in (`203.0.113.0/24`).
    pub network: String,
    /// Unix seconds, UTC.
    pub first_seen_at: i64,
    /// Unix seconds, UTC.
    pub last_seen_at: i64,
}

/// The second factor in the export: whether, never what.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SecondFactorExport {
    /// Whether an authenticator app is on.
    pub totp_enabled: bool,
    /// Recovery codes not used yet.
    pub recovery_codes_left: usize,
}

/// An address change waiting for its link: where to, and until when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PendingEmailChange {
    /// The address the account moves to once the link mailed there is opened.
    pub new_email: String,
    /// Unix seconds, UTC.
    pub expires_at: i64,
}

/// Everything on the account page, in one answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountOverview {
    /// The profile and whether the address is proven.
    pub account: AccountView,
    /// Whether an authenticator app is on, and recovery codes left.
    pub two_factor: TwoFactorView,
    /// Every passkey.
    pub passkeys: Vec<PasskeyView>,
    /// Every live session, the current one marked.
    pub sessions: Vec<SessionView>,
    /// The newest events, a page of them.
    pub events: Vec<EventView>,
    /// Identities at other providers linked to it.
    #[serde(default)]
    pub identities: Vec<IdentityView>,
    /// The providers this site signs in with, to link another.
    #[serde(default)]
    pub providers: Vec<ProviderButton>,
}

/// A provider the site signs in with, as a button names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ProviderButton {
    /// Its name in paths (`/auth/oidc/{name}`).
    pub name: String,
    /// What people read ("Google").
    pub label: String,
}

/// The second factor as the account page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoFactorView {
    /// Whether an authenticator app is on.
    pub totp_enabled: bool,
    /// Recovery codes not used yet.
    pub recovery_codes_left: usize,
    /// An authenticator set up and waiting for its first code.
    pub pending: Option<TotpSetupView>,
}

/// What a person scans (the QR code, drawn on the server as SVG) or types (the secret).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TotpSetupView {
    /// The secret in base32, for typing into an app by hand.
    pub secret: String,
    /// The `otpauth://` URI the QR code carries.
    pub otpauth_uri: String,
    /// The QR code of `otpauth_uri`, as an SVG document.
    pub qr_svg: String,
}

/// An identity at another provider linked to the account, as its owner sees it (never a
/// token: Latch keeps none).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct IdentityView {
    /// Names the link for removing it.
    pub id: i64,
    /// The configured provider it came through (`google`, `github`, ...).
    pub provider: String,
    /// The provider's name as the site shows it ("Google").
    pub label: String,
    /// The address the provider gave when it was linked ("" when none).
    pub email: String,
    /// Unix seconds, UTC.
    pub linked_at: i64,
    /// When it last signed in, Unix seconds, UTC.
    pub last_used_at: i64,
}

/// One passkey, as its owner sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PasskeyView {
    /// Names the passkey for renaming and removing it.
    pub id: i64,
    /// The name its owner gave it ("Laptop").
    pub name: String,
    /// Unix seconds, UTC.
    pub created_at: i64,
    /// Unix seconds, UTC; `None` until it signs in once.
    pub last_used_at: Option<i64>,
}
