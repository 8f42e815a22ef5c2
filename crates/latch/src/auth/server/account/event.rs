//! The kinds of security event an account records.

/// What happened, by the `type` name programs see (`auth::account::EVENT_TYPES`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    /// A new account.
    Signup,
    /// A sign-in that opened a session.
    Login,
    /// A wrong password for the account.
    LoginFailed,
    /// A session ended by its own logout.
    Logout,
    /// A session ended from another one (the account page, the API, the operator).
    SessionRevoked,
    /// The password changed by its owner.
    PasswordChanged,
    /// The throttle refused attempts on the account.
    Throttled,
    /// A reset link was mailed.
    PasswordResetRequested,
    /// The password set anew through a reset link.
    PasswordReset,
    /// The address proven by its link.
    EmailVerified,
    /// The account moved to a new address.
    EmailChanged,
    /// An authenticator app turned on.
    TotpEnabled,
    /// The authenticator app turned off.
    TotpDisabled,
    /// A sign-in with a recovery code.
    RecoveryCodeUsed,
    /// A passkey added.
    PasskeyAdded,
    /// A passkey removed.
    PasskeyRemoved,
    /// A reset proved the address for the first time and removed the factors added before.
    FactorsRemovedUnproven,
    /// The owner proved it is them again, opening the sudo window for dangerous actions.
    Reauthenticated,
    /// An administrator disabled the account.
    AdminDisabled,
    /// An administrator enabled the account again.
    AdminEnabled,
    /// An administrator ended every session.
    AdminSignedOut,
    /// An administrator removed the authenticator app.
    AdminRemovedAuthenticator,
    /// An administrator removed the passkeys.
    AdminRemovedPasskeys,
    /// An administrator granted a role.
    AdminGrantedRole,
    /// An administrator revoked a role.
    AdminRevokedRole,
    /// An administrator sent a password reset link.
    AdminSentReset,
    /// An administrator sent a new verification link.
    AdminSentVerification,
    /// An administrator opened a read-only view of the account's pages.
    AdminViewedAs,
    /// An identity at another provider was linked (the detail names the provider).
    IdentityLinked,
    /// A linked identity was removed.
    IdentityUnlinked,
    /// A provider proved the address of an account whose address was never proven: its
    /// password and the ways in added before were removed, and the provider's person holds it.
    AccountClaimed,
    /// A sign-in with a password the breach list holds: the account is asked to change it.
    PasswordBreached,
    /// A sign-in from a device the account had not seen (the detail: whether it was mailed).
    NewDevice,
    /// The owner said a new-device sign-in was not them: every session ended.
    NotMeReported,
    /// The owner was mailed that someone is guessing the password (the detail: how many
    /// wrong passwords, from how many networks).
    GuessingNoticed,
    /// A sign-in code and link were mailed (the detail: the asking device).
    EmailSignInRequested,
    /// Another device approved a sign-in by email for the browser that asked.
    EmailSignInApproved,
    /// A wrong sign-in code was typed.
    EmailSignInCodeFailed,
    /// The owner removed the password, keeping another way in.
    PasswordRemoved,
}

impl Event {
    /// The event's `type`, as programs and the database name it.
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
            Self::Reauthenticated => "reauthenticated",
            Self::AdminDisabled => "admin_disabled",
            Self::AdminEnabled => "admin_enabled",
            Self::AdminSignedOut => "admin_signed_out",
            Self::AdminRemovedAuthenticator => "admin_removed_authenticator",
            Self::AdminRemovedPasskeys => "admin_removed_passkeys",
            Self::AdminGrantedRole => "admin_granted_role",
            Self::AdminRevokedRole => "admin_revoked_role",
            Self::AdminSentReset => "admin_sent_reset",
            Self::AdminSentVerification => "admin_sent_verification",
            Self::AdminViewedAs => "admin_viewed_as",
            Self::IdentityLinked => "identity_linked",
            Self::IdentityUnlinked => "identity_unlinked",
            Self::AccountClaimed => "account_claimed",
            Self::PasswordBreached => "password_breached",
            Self::NewDevice => "new_device",
            Self::NotMeReported => "not_me_reported",
            Self::GuessingNoticed => "guessing_noticed",
            Self::EmailSignInRequested => "email_sign_in_requested",
            Self::EmailSignInApproved => "email_sign_in_approved",
            Self::EmailSignInCodeFailed => "email_sign_in_code_failed",
            Self::PasswordRemoved => "password_removed",
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
            Event::Reauthenticated,
            Event::AdminDisabled,
            Event::AdminEnabled,
            Event::AdminSignedOut,
            Event::AdminRemovedAuthenticator,
            Event::AdminRemovedPasskeys,
            Event::AdminGrantedRole,
            Event::AdminRevokedRole,
            Event::AdminSentReset,
            Event::AdminSentVerification,
            Event::AdminViewedAs,
            Event::IdentityLinked,
            Event::IdentityUnlinked,
            Event::AccountClaimed,
            Event::PasswordBreached,
            Event::NewDevice,
            Event::NotMeReported,
            Event::GuessingNoticed,
            Event::EmailSignInRequested,
            Event::EmailSignInApproved,
            Event::EmailSignInCodeFailed,
            Event::PasswordRemoved,
        ];
        assert_eq!(all.map(Event::name), EVENT_TYPES);
    }
}
