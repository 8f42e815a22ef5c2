//! Why a field is refused, and the limits the refusals name: one enum both doors answer with
//! (its `Display` is the JSON API's English), in the page's words (`FieldError::message`).

/// Passwords: length in characters (not bytes), any Unicode, never truncated (NIST 800-63B).
pub const PASSWORD_MIN_CHARS: usize = 12;
/// The longest password accepted, in characters: Argon2 hashes any length, and a cap keeps one
/// request's hash cheap.
pub const PASSWORD_MAX_CHARS: usize = 128;
/// RFC 5321's limit on a whole address.
pub const EMAIL_MAX_CHARS: usize = 254;
/// The longest username accepted, in characters.
pub const USERNAME_MAX_CHARS: usize = 64;

/// Why a field was refused. The `Display` text is what a person reads beside the field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, thiserror::Error)]
pub enum FieldError {
    /// No email given.
    #[error("Enter your email address.")]
    EmailMissing,
    /// Not an address of the form `name@domain.tld`.
    #[error("Enter an email address like name@example.com.")]
    EmailMalformed,
    /// Longer than [`EMAIL_MAX_CHARS`].
    #[error("That email address is too long (at most {EMAIL_MAX_CHARS} characters).")]
    EmailTooLong,
    /// The new address is the one the account has.
    #[error("That is already your address.")]
    EmailUnchanged,
    /// No username given.
    #[error("Choose a username.")]
    UsernameMissing,
    /// Longer than [`USERNAME_MAX_CHARS`].
    #[error("That username is too long (at most {USERNAME_MAX_CHARS} characters).")]
    UsernameTooLong,
    /// Holds control or invisible characters.
    #[error("A username can't contain invisible, control or text-direction characters.")]
    UsernameControlChars,
    /// No password given.
    #[error("Enter your password.")]
    PasswordMissing,
    /// No code given.
    #[error("Enter the code.")]
    CodeMissing,
    /// Shorter than the minimum.
    #[error("Use at least {PASSWORD_MIN_CHARS} characters.")]
    PasswordTooShort,
    /// Longer than [`PASSWORD_MAX_CHARS`].
    #[error("Use at most {PASSWORD_MAX_CHARS} characters.")]
    PasswordTooLong,
    /// Contains the email's name or the username.
    #[error("Your password can't be the same as, or contain, your email or username.")]
    PasswordContainsIdentity,
    /// On the list of common passwords.
    #[error("That password is too common; choose one that others are unlikely to use.")]
    PasswordTooCommon,
    /// In the breach list the server loaded (`BREACH_FILTER_PATH`).
    #[error("That password appears in data breaches, so attackers try it first; choose another.")]
    PasswordBreached,
}

impl FieldError {
    /// What a person reads beside the field, in the page's language (`Display` is the JSON
    /// API's English).
    pub fn message(self) -> String {
        use crate::i18n::Text;
        let key = match self {
            Self::EmailMissing => Text::field_error_email_missing,
            Self::EmailMalformed => Text::field_error_email_malformed,
            Self::EmailTooLong => return Text::field_error_email_too_long.with(&[("max", &EMAIL_MAX_CHARS)]),
            Self::EmailUnchanged => Text::field_error_email_unchanged,
            Self::UsernameMissing => Text::field_error_username_missing,
            Self::UsernameTooLong => {
                return Text::field_error_username_too_long.with(&[("max", &USERNAME_MAX_CHARS)]);
            }
            Self::UsernameControlChars => Text::field_error_username_control_chars,
            Self::PasswordMissing => Text::field_error_password_missing,
            Self::CodeMissing => Text::field_error_code_missing,
            Self::PasswordTooShort => {
                return Text::field_error_password_too_short.with(&[("min", &PASSWORD_MIN_CHARS)])
            }
            Self::PasswordTooLong => return Text::field_error_password_too_long.with(&[("max", &PASSWORD_MAX_CHARS)]),
            Self::PasswordContainsIdentity => Text::field_error_password_contains_identity,
            Self::PasswordTooCommon => Text::field_error_password_too_common,
            Self::PasswordBreached => Text::field_error_password_breached,
        };
        key.text().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_pages_say_what_the_api_says() {
        use FieldError::*;
        let all = [
            EmailMissing,
            EmailMalformed,
            EmailTooLong,
            EmailUnchanged,
            UsernameMissing,
            UsernameTooLong,
            UsernameControlChars,
            PasswordMissing,
            CodeMissing,
            PasswordTooShort,
            PasswordTooLong,
            PasswordContainsIdentity,
            PasswordTooCommon,
            PasswordBreached,
        ];
        for error in all {
            assert_eq!(error.message(), error.to_string(), "{error:?}");
        }
    }
}
