//! Email, Username and Password: parse, don't validate. Holding one means it is valid.
//! Compiled for the browser too, so a form can say "too short" with the server's own rule.

use std::fmt;

use super::lookalike::{fold_compatibility_forms, is_hidden_or_reordering};

pub use super::field_error::{FieldError, EMAIL_MAX_CHARS, PASSWORD_MAX_CHARS, PASSWORD_MIN_CHARS, USERNAME_MAX_CHARS};

/// A syntactically valid email, normalized (compatibility forms folded, trimmed, lower-cased)
/// so that uniqueness holds across case, spacing and lookalike forms.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    /// The address, trimmed and lower-cased, or why it is refused.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        // Folded again after lower-casing, which can itself leave unfolded sequences.
        let email = fold_compatibility_forms(&lower_case(fold_compatibility_forms(raw).trim())).into_owned();
        if email.is_empty() {
            return Err(FieldError::EmailMissing);
        }
        if email.chars().count() > EMAIL_MAX_CHARS {
            return Err(FieldError::EmailTooLong);
        }
        let (local, domain) = email.rsplit_once('@').ok_or(FieldError::EmailMalformed)?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local
                .chars()
                .all(|c| !c.is_whitespace() && !is_hidden_or_reordering(c) && !"@\"(),:;<>[\\]".contains(c));
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_alphanumeric() || c == '-')
            });
        if local_ok && domain_ok {
            Ok(Self(email))
        } else {
            Err(FieldError::EmailMalformed)
        }
    }

    /// The normalised address.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part before the `@`, for the "password contains your email" rule.
    pub fn local_part(&self) -> &str {
        self.0.rsplit_once('@').map_or(&self.0, |(local, _)| local)
    }
}

/// Unicode lower-casing on the server. The browser lower-cases ASCII only: Unicode's case
/// tables weigh on the WASM bundle, and the browser never keeps the address it
/// checks; the case of a letter changes neither whether an address is well-formed nor, but
/// for a handful of letters that change length, its length. The server's check is the one
/// that counts (as with `fold_compatibility_forms`).
#[cfg(feature = "ssr")]
fn lower_case(text: &str) -> String {
    text.to_lowercase()
}

#[cfg(not(feature = "ssr"))]
fn lower_case(text: &str) -> String {
    text.to_ascii_lowercase()
}

/// A display name: trimmed, 1 to 64 characters, nothing invisible or reordering (which would
/// let "Ada" pass for another name). Not unique.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Username(String);

impl Username {
    /// The username, trimmed, or why it is refused.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let name = raw.trim();
        if name.is_empty() {
            return Err(FieldError::UsernameMissing);
        }
        if name.chars().count() > USERNAME_MAX_CHARS {
            return Err(FieldError::UsernameTooLong);
        }
        if name.chars().any(is_hidden_or_reordering) {
            return Err(FieldError::UsernameControlChars);
        }
        Ok(Self(name.to_owned()))
    }

    /// The username.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A password of acceptable length. Deliberately not `Serialize`, and its `Debug` is redacted,
/// so it cannot reach a log or a response by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    /// Checks length only: what any password, old or new, must satisfy before it is hashed.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let chars = raw.chars().count();
        if chars < PASSWORD_MIN_CHARS {
            Err(FieldError::PasswordTooShort)
        } else if chars > PASSWORD_MAX_CHARS {
            Err(FieldError::PasswordTooLong)
        } else {
            Ok(Self(raw.to_owned()))
        }
    }

    /// The rules for choosing a new password: length, and not the person's own identity.
    pub fn parse_new(raw: &str, email: &Email, username: &Username) -> Result<Self, FieldError> {
        let password = Self::parse(raw)?;
        let lowered = raw.to_lowercase();
        let identity = [email.as_str(), email.local_part(), &username.as_str().to_lowercase()];
        // Short identities (a 2-letter username) would forbid too many good passwords.
        if identity.iter().any(|part| part.chars().count() >= 4 && lowered.contains(part)) {
            return Err(FieldError::PasswordContainsIdentity);
        }
        Ok(password)
    }

    /// The password itself, for hashing: never logged or sent back.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

/// Where to go after login: `next` if it is a path on this site, else the profile. Refuses
/// `//host` and `/\\host` (which browsers treat as other origins), schemes and control characters.
pub fn local_redirect_target(next: Option<&str>) -> String {
    const FALLBACK: &str = "/profile";
    let Some(next) = next.map(str::trim).filter(|n| !n.is_empty()) else {
        return FALLBACK.to_owned();
    };
    let local = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && next.len() <= 512
        && next.chars().all(|c| c.is_ascii_graphic());
    if local {
        next.to_owned()
    } else {
        FALLBACK.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_trimmed_and_lower_cased() {
        assert_eq!(Email::parse("  Alice@Example.COM ").unwrap().as_str(), "alice@example.com");
    }

    #[test]
    fn malformed_emails_are_refused_with_a_reason() {
        assert_eq!(Email::parse("   "), Err(FieldError::EmailMissing));
        for bad in [
            "alice",
            "alice@",
            "@example.com",
            "alice@example",
            "a b@example.com",
            "alice@exa_mple.com",
            "alice@-x.com",
            "a..b@example.com",
        ] {
            assert_eq!(Email::parse(bad), Err(FieldError::EmailMalformed), "{bad}");
        }
        let long = format!("{}@example.com", "a".repeat(250));
        assert_eq!(Email::parse(&long), Err(FieldError::EmailTooLong));
    }

    #[test]
    fn unicode_domains_and_plus_addresses_are_accepted() {
        assert!(Email::parse("jo+latch@bücher.de").is_ok());
    }

    #[test]
    fn usernames_are_trimmed_and_bounded() {
        assert_eq!(Username::parse(" ada ").unwrap().as_str(), "ada");
        assert_eq!(Username::parse(""), Err(FieldError::UsernameMissing));
        assert_eq!(Username::parse(&"x".repeat(65)), Err(FieldError::UsernameTooLong));
        assert_eq!(Username::parse("a\u{0}b"), Err(FieldError::UsernameControlChars));
    }

    #[test]
    fn password_length_counts_characters_not_bytes() {
        // 12 characters of 4 bytes each: long enough, though 48 bytes.
        assert!(Password::parse(&"🔑".repeat(12)).is_ok());
        assert_eq!(Password::parse(&"é".repeat(11)), Err(FieldError::PasswordTooShort));
        assert!(Password::parse(&"x".repeat(128)).is_ok());
        assert_eq!(Password::parse(&"x".repeat(129)), Err(FieldError::PasswordTooLong));
    }

    #[test]
    fn a_new_password_may_not_contain_the_email_or_username() {
        let email = Email::parse("margaret@example.com").unwrap();
        let name = Username::parse("Hamilton").unwrap();
        assert_eq!(Password::parse_new("xx-margaret-2024", &email, &name), Err(FieldError::PasswordContainsIdentity));
        assert_eq!(Password::parse_new("HAMILTON and sons", &email, &name), Err(FieldError::PasswordContainsIdentity));
        assert!(Password::parse_new("correct horse battery", &email, &name).is_ok());
    }

    #[test]
    fn only_local_paths_are_redirect_targets() {
        assert_eq!(local_redirect_target(Some("/profile?tab=1")), "/profile?tab=1");
        assert_eq!(local_redirect_target(None), "/profile");
        for outside in [
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "javascript:alert(1)",
            "/a b",
            "/\u{0}x",
            "profile",
        ] {
            assert_eq!(local_redirect_target(Some(outside)), "/profile", "{outside}");
        }
    }

    #[test]
    fn a_password_never_shows_in_debug_output() {
        let password = Password::parse("hunter2hunter2").unwrap();
        assert!(!format!("{password:?}").contains("hunter2"));
    }
}
