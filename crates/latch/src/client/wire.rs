//! Our types as the browser reads them from the server's JSON (see `client::json`): the same
//! shapes serde writes on the server, field by field. The tests below read what serde writes.

use super::json::{FromJson, Json};
use crate::auth::{
    account::{
        AccountOverview, AccountView, EventView, IdentityView, PasskeyView, ProviderButton, SessionView, TotpSetupView,
        TwoFactorView,
    },
    email_sign_in::{EmailSignInLink, EmailSignInWait},
    error::{AuthError, FieldErrors},
    signup_fields::FieldRefusal,
    validate::FieldError,
    UserProfile,
};

/// A struct read field by field, each under the name serde gives it.
macro_rules! read_struct {
    ($type:ident { $($field:ident: $name:literal),* $(,)? }) => {
        impl FromJson for $type {
            fn from_json(json: &Json) -> Option<Self> {
                Some(Self { $($field: FromJson::from_json(json.field($name))?),* })
            }
        }
    };
}

read_struct!(UserProfile {
    id: "id",
    email: "email",
    username: "username",
    created_at: "created_at",
    email_verified: "email_verified",
    roles: "roles",
});
read_struct!(AccountView {
    id: "id",
    email: "email",
    username: "username",
    created_at: "created_at",
    email_verified: "email_verified",
    language: "language",
    roles: "roles",
    password_breached: "password_breached",
    notify_new_device: "notify_new_device",
    has_password: "has_password",
});
read_struct!(SessionView {
    id: "id",
    created_at: "created_at",
    last_seen_at: "last_seen_at",
    user_agent: "user_agent",
    device: "device",
    browser: "browser",
    system: "system",
    current: "current",
});
read_struct!(EventView { id: "id", kind: "type", at: "at", ip: "ip", user_agent: "user_agent", detail: "detail" });
read_struct!(PasskeyView { id: "id", name: "name", created_at: "created_at", last_used_at: "last_used_at" });
read_struct!(TotpSetupView { secret: "secret", otpauth_uri: "otpauth_uri", qr_svg: "qr_svg" });
read_struct!(TwoFactorView {
    totp_enabled: "totp_enabled",
    recovery_codes_left: "recovery_codes_left",
    pending: "pending"
});
read_struct!(IdentityView {
    id: "id",
    provider: "provider",
    label: "label",
    email: "email",
    linked_at: "linked_at",
    last_used_at: "last_used_at",
});
read_struct!(ProviderButton { name: "name", label: "label" });
read_struct!(AccountOverview {
    account: "account",
    two_factor: "two_factor",
    passkeys: "passkeys",
    sessions: "sessions",
    events: "events",
    identities: "identities",
    providers: "providers",
});
read_struct!(FieldErrors { email: "email", username: "username", password: "password", others: "others" });
read_struct!(FieldRefusal { field: "field", message: "message" });
read_struct!(EmailSignInLink {
    device: "device",
    network: "network",
    asked_at: "asked_at",
    this_browser: "this_browser",
    approved: "approved",
});

impl FromJson for usize {
    fn from_json(json: &Json) -> Option<Self> {
        u64::from_json(json)?.try_into().ok()
    }
}

/// Variants without data, which serde writes as their names: `stringify!` gives the same name
/// (the tests read back what serde writes for each). A hand table rather than serde's own
/// visitor: that one brings serde's error messages, and with them float formatting, into the
/// WASM.
macro_rules! unit_variant_named {
    ($type:ident { $($variant:ident),* $(,)? }) => {
        impl $type {
            fn unit_variant_named(name: &str) -> Option<Self> {
                match name {
                    $(stringify!($variant) => Some(Self::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

unit_variant_named!(EmailSignInWait { Waiting, Approved, Ended });

impl FromJson for EmailSignInWait {
    fn from_json(json: &Json) -> Option<Self> {
        Self::unit_variant_named(json.as_str()?)
    }
}

unit_variant_named!(FieldError {
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
});

unit_variant_named!(AuthError {
    EmailTaken,
    InvalidCredentials,
    Unauthenticated,
    EmailNotVerified,
    Forbidden,
    ReauthenticationRequired,
    NotFound,
    CrossSite,
    BadRequest,
    InvalidToken,
    SecondFactorRequired,
    InvalidCode,
    InvalidChallenge,
    FactorExists,
    PasskeyRefused,
    PasskeysOff,
    Internal,
    Network,
    AccountDisabled,
    AdminSecondFactorRequired,
    LastAdministrator,
    OwnAccount,
    LastWayIn,
    UnknownRole,
    ReasonRequired,
});

impl FromJson for FieldError {
    fn from_json(json: &Json) -> Option<Self> {
        Self::unit_variant_named(json.as_str()?)
    }
}

impl FromJson for AuthError {
    fn from_json(json: &Json) -> Option<Self> {
        if let Some(name) = json.as_str() {
            return Self::unit_variant_named(name);
        }
        // A variant with data: `{"Name": data}`.
        let (name, data) = json.single_field()?;
        let retry_after_secs = || u64::from_json(data.field("retry_after_secs"));
        match name {
            "Invalid" => FieldErrors::from_json(data).map(AuthError::Invalid),
            "Throttled" => Some(AuthError::Throttled { retry_after_secs: retry_after_secs()? }),
            "Busy" => Some(AuthError::Busy { retry_after_secs: retry_after_secs()? }),
            _ => None,
        }
    }
}

impl<T: FromJson> FromJson for Result<T, AuthError> {
    /// As serde writes a `Result`: `{"Ok": value}` or `{"Err": error}`.
    fn from_json(json: &Json) -> Option<Self> {
        match json.single_field()? {
            ("Ok", value) => T::from_json(value).map(Ok),
            ("Err", error) => AuthError::from_json(error).map(Err),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use serde::Serialize;

    use super::*;

    /// What the server writes, read back in the browser's way.
    fn round_trip<T: Serialize + FromJson + PartialEq + std::fmt::Debug>(value: T) {
        let text = serde_json::to_string(&value).unwrap();
        assert_eq!(T::from_json_text(&text).as_ref(), Some(&value), "{text}");
    }

    fn session(current: bool, user_agent: Option<&str>) -> SessionView {
        SessionView {
            id: "s-1".into(),
            created_at: 1_795_305_600,
            last_seen_at: 1_795_305_660,
            user_agent: user_agent.map(str::to_owned),
            device: "Firefox on Linux \"quoted\"".into(),
            browser: Some("Firefox".into()),
            system: None,
            current,
        }
    }

    #[test]
    fn the_email_sign_in_pages_read_back_what_they_are_told() {
        round_trip(EmailSignInLink {
            device: "Firefox on Windows".into(),
            network: "203.0.113.0/24".into(),
            asked_at: 1_795_305_600,
            this_browser: false,
            approved: true,
        });
        for wait in [EmailSignInWait::Waiting, EmailSignInWait::Approved, EmailSignInWait::Ended] {
            round_trip(wait);
        }
    }

    #[test]
    fn the_profile_and_the_whole_account_overview_read_back_as_written() {
        let profile = UserProfile {
            id: 7,
            email: "a@example.com".into(),
            username: "Ünïcødé 😀".into(),
            created_at: -1,
            email_verified: true,
            roles: vec!["admin".into(), "editor".into()],
        };
        round_trip(profile.clone());
        round_trip(Ok::<_, AuthError>(Some(profile)));
        round_trip(Ok::<Option<UserProfile>, AuthError>(None));
        let overview = AccountOverview {
            account: AccountView {
                id: 7,
                email: "a@example.com".into(),
                username: "a".into(),
                created_at: 1,
                email_verified: true,
                language: "ko".into(),
                roles: vec!["admin".into()],
                password_breached: true,
                notify_new_device: false,
                has_password: false,
            },
            two_factor: TwoFactorView {
                totp_enabled: false,
                recovery_codes_left: 10,
                pending: Some(TotpSetupView {
                    secret: "ABC".into(),
                    otpauth_uri: "otpauth://totp/Latch:a?secret=ABC&issuer=Latch".into(),
                    qr_svg: "<svg xmlns=\"http://www.w3.org/2000/svg\"><path d=\"M0 0h1\"/></svg>\n".into(),
                }),
            },
            passkeys: vec![
                PasskeyView { id: 1, name: "This device".into(), created_at: 5, last_used_at: None },
                PasskeyView { id: 2, name: "Key".into(), created_at: 6, last_used_at: Some(9) },
            ],
            sessions: vec![session(true, Some("Mozilla/5.0")), session(false, None)],
            events: vec![EventView {
                id: 3,
                kind: "login_failed".into(),
                at: 4,
                ip: Some("127.0.0.1".into()),
                user_agent: None,
                detail: Some("moderator".into()),
            }],
            identities: vec![IdentityView {
                id: 4,
                provider: "google".into(),
                label: "Google".into(),
                email: "a@gmail.com".into(),
                linked_at: 8,
                last_used_at: 9,
            }],
            providers: vec![ProviderButton { name: "github".into(), label: "GitHub".into() }],
        };
        round_trip(Ok::<_, AuthError>(Some(overview)));
        round_trip(vec!["7kq2-mwx9-p3tb".to_owned(), "x".to_owned()]);
    }

    /// Every error (`AuthError::one_of_each`: the exhaustive `code()` match beside it stops
    /// compiling when a variant is added, the moment to add it there too), and every field error.
    #[test]
    fn every_error_reads_back_as_written() {
        let fields = FieldErrors {
            email: Some(FieldError::EmailMalformed),
            username: None,
            password: Some(FieldError::PasswordTooCommon),
            others: vec![FieldRefusal::new("display_name", "Choose a name \"others\" will see.")],
        };
        let with_fields = AuthError::Invalid(fields);
        for error in AuthError::one_of_each().into_iter().chain([with_fields]) {
            round_trip(error.clone());
            round_trip(Err::<Option<UserProfile>, _>(error));
        }
        for field in [
            // `every_field_error_is_listed` below stops compiling when a variant is added.
            FieldError::EmailMissing,
            FieldError::EmailMalformed,
            FieldError::EmailTooLong,
            FieldError::EmailUnchanged,
            FieldError::UsernameMissing,
            FieldError::UsernameTooLong,
            FieldError::UsernameControlChars,
            FieldError::PasswordMissing,
            FieldError::CodeMissing,
            FieldError::PasswordTooShort,
            FieldError::PasswordTooLong,
            FieldError::PasswordContainsIdentity,
            FieldError::PasswordTooCommon,
            FieldError::PasswordBreached,
        ] {
            round_trip(field);
        }
    }

    /// The list above names every field error: this match stops compiling when one is added.
    #[allow(dead_code)]
    fn every_field_error_is_listed(field: FieldError) {
        use FieldError::*;
        match field {
            EmailMissing
            | EmailMalformed
            | EmailTooLong
            | EmailUnchanged
            | UsernameMissing
            | UsernameTooLong
            | UsernameControlChars
            | PasswordMissing
            | CodeMissing
            | PasswordTooShort
            | PasswordTooLong
            | PasswordContainsIdentity
            | PasswordTooCommon
            | PasswordBreached => {}
        }
    }

    #[test]
    fn a_shape_that_is_not_ours_is_refused_not_guessed() {
        assert_eq!(AuthError::from_json_text("\"NoSuchError\""), None);
        assert_eq!(AuthError::from_json_text("{\"Throttled\":{}}"), None);
        assert_eq!(AuthError::from_json_text("{\"Throttled\":{\"retry_after_secs\":-1}}"), None);
        assert_eq!(UserProfile::from_json_text("{\"id\":1,\"email\":\"a\",\"username\":\"b\"}"), None);
        assert_eq!(Result::<Option<UserProfile>, AuthError>::from_json_text("{\"Maybe\":null}"), None);
    }
}
