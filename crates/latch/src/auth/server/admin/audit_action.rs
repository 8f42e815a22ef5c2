//! The audit's names for what administrators do: one each, the same on every door.

/// What the audit calls each thing an administrator does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AdminAction {
    /// Opened a person's page.
    Viewed,
    /// Disabled the account (one name per `actions::Act`).
    Disabled,
    /// Enabled.
    Enabled,
    /// Signed out.
    SignedOut,
    /// Verification link sent.
    SentVerification,
    /// Reset link sent.
    SentReset,
    /// Authenticator removed.
    RemovedAuthenticator,
    /// Passkeys removed.
    RemovedPasskeys,
    /// Role granted.
    GrantedRole,
    /// Role revoked.
    RevokedRole,
    /// Account deleted.
    Deleted,
    /// A read-only view of the person's pages opened.
    ViewedAs,
}

impl AdminAction {
    /// The audit's name of the action.
    pub fn name(self) -> &'static str {
        match self {
            Self::Viewed => "viewed",
            Self::Disabled => "disabled",
            Self::Enabled => "enabled",
            Self::SignedOut => "signed_out",
            Self::SentVerification => "sent_verification",
            Self::SentReset => "sent_reset",
            Self::RemovedAuthenticator => "removed_authenticator",
            Self::RemovedPasskeys => "removed_passkeys",
            Self::GrantedRole => "granted_role",
            Self::RevokedRole => "revoked_role",
            Self::Deleted => "deleted",
            Self::ViewedAs => "viewed_as",
        }
    }

    /// Every action, for the audit page's filter and its words.
    pub const ALL: [AdminAction; 12] = [
        Self::Viewed,
        Self::Disabled,
        Self::Enabled,
        Self::SignedOut,
        Self::SentVerification,
        Self::SentReset,
        Self::RemovedAuthenticator,
        Self::RemovedPasskeys,
        Self::GrantedRole,
        Self::RevokedRole,
        Self::Deleted,
        Self::ViewedAs,
    ];
}
