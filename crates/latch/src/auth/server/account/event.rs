//! The kinds of security event an account records.

/// What happened, by the `type` name programs see (`auth::account::EVENT_TYPES`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    Signup,
    Login,
    LoginFailed,
    Logout,
    SessionRevoked,
    PasswordChanged,
    Throttled,
    PasswordResetRequested,
    PasswordReset,
    EmailVerified,
    EmailChanged,
    TotpEnabled,
    TotpDisabled,
    RecoveryCodeUsed,
    PasskeyAdded,
    PasskeyRemoved,
    /// A reset proved the address for the first time and removed the factors added before.
    FactorsRemovedUnproven,
}

impl Event {
    pub fn name(self) -> &'static str {
        match self {
            Self::Signup => "signup",
            Self::Login => "login",
            Self::LoginFailed => "login_failed",
            Self::Logout => "logout",
            Self::SessionRevoked => "session_revoked",
            Self::PasswordChanged => "password_changed",
            Self::Throttled => "throttled",
            Self::PasswordResetRequested => "password_reset_requested",
            Self::PasswordReset => "password_reset",
            Self::EmailVerified => "email_verified",
            Self::EmailChanged => "email_changed",
            Self::TotpEnabled => "totp_enabled",
            Self::TotpDisabled => "totp_disabled",
            Self::RecoveryCodeUsed => "recovery_code_used",
            Self::PasskeyAdded => "passkey_added",
            Self::PasskeyRemoved => "passkey_removed",
            Self::FactorsRemovedUnproven => "factors_removed_unproven",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::account::EVENT_TYPES;

    #[test]
    fn every_event_has_a_documented_type_name() {
        let all = [
            Event::Signup,
            Event::Login,
            Event::LoginFailed,
            Event::Logout,
            Event::SessionRevoked,
            Event::PasswordChanged,
            Event::Throttled,
            Event::PasswordResetRequested,
            Event::PasswordReset,
            Event::EmailVerified,
            Event::EmailChanged,
            Event::TotpEnabled,
            Event::TotpDisabled,
            Event::RecoveryCodeUsed,
            Event::PasskeyAdded,
            Event::PasskeyRemoved,
            Event::FactorsRemovedUnproven,
        ];
        assert_eq!(all.map(Event::name), EVENT_TYPES);
    }
}
