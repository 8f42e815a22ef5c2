//! The one error type of the account doors. Both targets compile it: server functions return
//! it, the pages `match` on it, and the JSON API maps it to `{ detail, code }`.

use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

use super::{signup_fields::FieldRefusal, validate::FieldError};
use crate::i18n::Text;

/// Per-field problems, shown beside each field.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrors {
    /// What is wrong with the email, if anything.
    pub email: Option<FieldError>,
    /// What is wrong with the username, if anything.
    pub username: Option<FieldError>,
    /// What is wrong with the password, if anything.
    pub password: Option<FieldError>,
    /// What the application's own signup fields were refused for, in its words.
    #[serde(default)]
    pub others: Vec<FieldRefusal>,
}

/// What went wrong, as much as the client may know. Details go to the server log only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AuthError {
    /// Some fields are refused; each says why.
    #[error("Please correct the highlighted fields.")]
    Invalid(FieldErrors),
    /// The seed API's wording, kept for its clients.
    #[error("Email already registered")]
    EmailTaken,
    /// The same answer for an unknown email and a wrong password.
    #[error("Incorrect email or password")]
    InvalidCredentials,
    /// Not signed in, or the session ended.
    #[error("Please log in to continue.")]
    Unauthenticated,
    /// Signed in, but what was asked needs a proven address: the owner has not opened the
    /// verification link yet.
    #[error("Confirm your email address first: open the link we sent you, or ask for a new one.")]
    EmailNotVerified,
    /// Signed in, but what was asked is dangerous enough to need the password again: the
    /// session's last proof is older than the sudo window.
    #[error("For your security, confirm your password to continue.")]
    ReauthenticationRequired,
    /// Signed in, but the application's policy does not allow this account what it asked.
    #[error("Your account is not allowed to do that.")]
    Forbidden,
    /// Something of the caller's own that is not there (a session already ended). Another
    /// account's things answer the same, so ids reveal nothing.
    #[error("That was not found; it may have ended already.")]
    NotFound,
    /// A state change from another site: refused by the CSRF check.
    #[error("This request came from another site and was refused.")]
    CrossSite,
    /// Too many attempts: the throttle refuses until `retry_after_secs` pass.
    #[error("Too many attempts. Try again in {retry_after_secs} seconds.")]
    Throttled {
        /// Seconds until an attempt is allowed again.
        retry_after_secs: u64,
    },
    /// The server is saturated (hashing queue, database): try again after `retry_after_secs`.
    #[error("Latch is busy right now. Try again in a moment.")]
    Busy {
        /// Seconds worth waiting before trying again.
        retry_after_secs: u64,
    },
    /// A request whose body or arguments cannot be read.
    #[error("The request could not be read.")]
    BadRequest,
    /// A link's token that is unknown, used, expired or replaced by a newer one: all alike.
    #[error("This link is invalid or has expired. Ask for a new one.")]
    InvalidToken,
    /// A right password for an account with a second factor: the second step is next.
    #[error("Enter the code from your authenticator app.")]
    SecondFactorRequired,
    /// An authenticator or recovery code that is wrong, or was used already.
    #[error("That code is not right, or was used already.")]
    InvalidCode,
    /// The second step's challenge is unknown, used, expired or out of attempts.
    #[error("This sign-in has expired. Log in again.")]
    InvalidChallenge,
    /// Setting up an authenticator app when one is on already.
    #[error("An authenticator app is already set up.")]
    FactorExists,
    /// A passkey ceremony that failed: expired, answered for another challenge, or a signature
    /// that does not verify. All alike.
    #[error("That passkey could not be used. Try again.")]
    PasskeyRefused,
    /// Passkeys need a domain name: `PUBLIC_ORIGIN` is an IP address.
    #[error("Passkeys are not available on this site.")]
    PasskeysOff,
    /// Something failed on the server; the log says what.
    #[error("Something went wrong on our side. Please try again.")]
    Internal,
    /// The account is disabled by an administrator: every door refuses it.
    #[error("This account is disabled. Contact the site's administrators if you think this is a mistake.")]
    AccountDisabled,
    /// An administrator's session without a second factor enrolled (TOTP or a passkey).
    #[error("Administrators need a second factor: add an authenticator app or a passkey on your account page first.")]
    AdminSecondFactorRequired,
    /// The change would leave no enabled administrator.
    #[error("You are the last administrator: make someone else one first.")]
    LastAdministrator,
    /// An administrator acted on their own account where only another may.
    #[error("An administrator cannot do that to their own account here: use your account page, or ask another administrator.")]
    OwnAccount,
    /// The change would leave the account with no way in (no password, passkey or provider).
    #[error("This is your last way to sign in: add a password, a passkey or another provider first.")]
    LastWayIn,
    /// A role the site does not declare.
    #[error("That role does not exist on this site.")]
    UnknownRole,
    /// A look at someone's pages without a reason of 10 to 500 characters.
    #[error("Say why you need to look, in a few words (10 to 500 characters).")]
    ReasonRequired,
    /// The browser could not reach the server.
    #[error("Could not reach the server. Check your connection and try again.")]
    Network,
}

impl AuthError {
    /// The HTTP status this error answers with, on every door.
    pub fn status(&self) -> u16 {
        match self {
            Self::Invalid(_) => 422,
            Self::EmailTaken => 409,
            Self::InvalidCredentials | Self::Unauthenticated | Self::SecondFactorRequired | Self::InvalidChallenge => {
                401
            }
            Self::InvalidCode | Self::PasskeyRefused => 400,
            Self::PasskeysOff => 404,
            Self::FactorExists => 409,
            Self::NotFound => 404,
            Self::CrossSite | Self::EmailNotVerified | Self::Forbidden | Self::ReauthenticationRequired => 403,
            Self::Throttled { .. } => 429,
            Self::Busy { .. } | Self::Network => 503,
            Self::BadRequest | Self::InvalidToken => 400,
            Self::Internal => 500,
            Self::AccountDisabled | Self::AdminSecondFactorRequired => 403,
            Self::LastAdministrator | Self::OwnAccount | Self::LastWayIn => 409,
            Self::UnknownRole | Self::ReasonRequired => 422,
        }
    }

    /// A stable name for programs, beside the human-readable `detail`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Invalid(_) => "invalid_input",
            Self::EmailTaken => "email_taken",
            Self::InvalidCredentials => "invalid_credentials",
            Self::Unauthenticated => "unauthenticated",
            Self::EmailNotVerified => "email_not_verified",
            Self::Forbidden => "forbidden",
            Self::ReauthenticationRequired => "reauthentication_required",
            Self::NotFound => "not_found",
            Self::CrossSite => "cross_site_request",
            Self::Throttled { .. } => "throttled",
            Self::Busy { .. } => "busy",
            Self::BadRequest => "bad_request",
            Self::InvalidToken => "invalid_token",
            Self::SecondFactorRequired => "second_factor_required",
            Self::InvalidCode => "invalid_code",
            Self::InvalidChallenge => "invalid_challenge",
            Self::FactorExists => "already_enabled",
            Self::PasskeyRefused => "passkey_refused",
            Self::PasskeysOff => "passkeys_unavailable",
            Self::Internal => "internal",
            Self::Network => "network",
            Self::AccountDisabled => "account_disabled",
            Self::AdminSecondFactorRequired => "admin_second_factor_required",
            Self::LastAdministrator => "last_administrator",
            Self::OwnAccount => "own_account",
            Self::LastWayIn => "last_way_in",
            Self::UnknownRole => "unknown_role",
            Self::ReasonRequired => "reason_required",
        }
    }

    /// What a person reads for this error, in the page's language. (`Display` is the JSON
    /// API's `detail`: English, and exact where the seed's clients match on it.)
    pub fn message(&self) -> String {
        let key = match self {
            Self::Invalid(_) => Text::error_invalid,
            Self::EmailTaken => Text::error_email_taken,
            Self::InvalidCredentials => Text::error_invalid_credentials,
            Self::Unauthenticated => Text::error_unauthenticated,
            Self::EmailNotVerified => Text::error_email_not_verified,
            Self::ReauthenticationRequired => Text::error_reauthentication_required,
            Self::Forbidden => Text::error_forbidden,
            Self::NotFound => Text::error_not_found,
            Self::CrossSite => Text::error_cross_site,
            Self::Throttled { retry_after_secs } => {
                return Text::error_throttled.with(&[("seconds", retry_after_secs)])
            }
            Self::Busy { .. } => Text::error_busy,
            Self::BadRequest => Text::error_bad_request,
            Self::InvalidToken => Text::error_invalid_token,
            Self::SecondFactorRequired => Text::error_second_factor_required,
            Self::InvalidCode => Text::error_invalid_code,
            Self::InvalidChallenge => Text::error_invalid_challenge,
            Self::FactorExists => Text::error_factor_exists,
            Self::PasskeyRefused => Text::error_passkey_refused,
            Self::PasskeysOff => Text::error_passkeys_off,
            Self::Internal => Text::error_internal,
            Self::Network => Text::error_network,
            Self::AccountDisabled => Text::error_account_disabled,
            Self::AdminSecondFactorRequired => Text::error_admin_second_factor_required,
            Self::LastAdministrator => Text::error_last_administrator,
            Self::OwnAccount => Text::error_own_account,
            Self::LastWayIn => Text::error_last_way_in,
            Self::UnknownRole => Text::error_unknown_role,
            Self::ReasonRequired => Text::error_reason_required,
        };
        key.text().to_owned()
    }

    /// Seconds a client should wait before trying again, where that is known.
    pub fn retry_after_secs(&self) -> Option<u64> {
        match self {
            Self::Throttled { retry_after_secs } | Self::Busy { retry_after_secs } => Some(*retry_after_secs),
            _ => None,
        }
    }

    /// The problem with one field, if this error is about fields.
    pub fn field(&self, pick: impl Fn(&FieldErrors) -> Option<FieldError>) -> Option<FieldError> {
        match self {
            Self::Invalid(fields) => pick(fields),
            _ => None,
        }
    }
}

impl FromServerFnError for AuthError {
    type Encoder = JsonEncoding;

    /// Failures of the server-function machinery itself: malformed arguments are the caller's
    /// fault (400), a failed fetch is the network's; anything else is ours.
    fn from_server_fn_error(error: ServerFnErrorErr) -> Self {
        match error {
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) | ServerFnErrorErr::Deserialization(_) => {
                Self::BadRequest
            }
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => Self::Network,
            _ => Self::Internal,
        }
    }
}

/// One of each variant, for the tests that must cover them all.
#[cfg(test)]
impl AuthError {
    pub(crate) fn one_of_each() -> Vec<AuthError> {
        vec![
            AuthError::Invalid(FieldErrors::default()),
            AuthError::EmailTaken,
            AuthError::InvalidCredentials,
            AuthError::Unauthenticated,
            AuthError::EmailNotVerified,
            AuthError::Forbidden,
            AuthError::ReauthenticationRequired,
            AuthError::NotFound,
            AuthError::CrossSite,
            AuthError::Throttled { retry_after_secs: 1 },
            AuthError::Busy { retry_after_secs: 1 },
            AuthError::BadRequest,
            AuthError::InvalidToken,
            AuthError::SecondFactorRequired,
            AuthError::InvalidCode,
            AuthError::InvalidChallenge,
            AuthError::FactorExists,
            AuthError::PasskeyRefused,
            AuthError::PasskeysOff,
            AuthError::Internal,
            AuthError::Network,
            AuthError::AccountDisabled,
            AuthError::AdminSecondFactorRequired,
            AuthError::LastAdministrator,
            AuthError::OwnAccount,
            AuthError::LastWayIn,
            AuthError::UnknownRole,
            AuthError::ReasonRequired,
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_error_has_a_real_status_and_a_distinct_code() {
        let all = AuthError::one_of_each();
        let codes: std::collections::HashSet<_> = all.iter().map(AuthError::code).collect();
        assert_eq!(codes.len(), all.len());
        assert_eq!(AuthError::InvalidCredentials.status(), 401);
        assert_eq!(AuthError::Invalid(FieldErrors::default()).status(), 422);
    }

    #[test]
    fn every_error_reads_the_same_as_the_api_says_it_in_english_pages() {
        // Outside a request the page's language is English: a page's words and the API's
        // `detail` then agree, so the browser tests that read either still match.
        for error in AuthError::one_of_each() {
            assert_eq!(error.message(), error.to_string(), "{error:?}");
        }
    }

    #[test]
    fn malformed_arguments_are_the_callers_fault() {
        let error = AuthError::from_server_fn_error(ServerFnErrorErr::Args("missing field".into()));
        assert_eq!(error, AuthError::BadRequest);
    }
}
