//! The notices: something changed on the account, said to its owner in their language.

use super::{compose, mask, Words};
use crate::{
    auth::server::{email::words::MailText, store::outbox::Mail},
    i18n::{fill, Lang},
};

/// A way into an account that changed, for [`factor_changed`].
pub enum FactorChange<'a> {
    /// An authenticator app was turned on.
    TotpOn,
    /// The authenticator app was turned off.
    TotpOff,
    /// A passkey was added, under this name.
    PasskeyAdded(&'a str),
    /// A passkey was removed.
    PasskeyRemoved,
    /// The password was removed.
    PasswordRemoved,
}

/// `removed_ways_in`: the reset proved the address for the first time, and the authenticator
/// app and passkeys added before (by whoever signed up with it) were removed with it.
pub fn password_was_reset(lang: Lang, to: &str, username: &str, removed_ways_in: bool) -> Mail {
    let say = |text: MailText| text.text_in(lang);
    let removed =
        [say(MailText::reset_done_lead), say(MailText::reset_done_removed), say(MailText::reset_done_not_you)];
    let kept = [say(MailText::reset_done_lead), say(MailText::reset_done_not_you)];
    compose(
        to,
        Words {
            kind: "password_changed",
            lang,
            subject: MailText::reset_done_subject,
            greeting_name: username,
            lead: if removed_ways_in { &removed } else { &kept },
            action: None,
            tail: &[],
        },
    )
}

/// The notice, to the old address, that the account moved.
pub fn address_was_changed(lang: Lang, to: &str, username: &str, new_email: &str) -> Mail {
    let moved = fill(MailText::moved_lead.text_in(lang), &[("address", &mask(new_email))]);
    compose(
        to,
        Words {
            kind: "email_changed",
            lang,
            subject: MailText::moved_subject,
            greeting_name: username,
            lead: &[&moved, MailText::moved_not_you.text_in(lang)],
            action: None,
            tail: &[],
        },
    )
}

/// A notice that a way into the account changed.
pub fn factor_changed(lang: Lang, to: &str, username: &str, change: FactorChange<'_>) -> Mail {
    let said = match change {
        FactorChange::TotpOn => MailText::factor_totp_on.text_in(lang).to_owned(),
        FactorChange::TotpOff => MailText::factor_totp_off.text_in(lang).to_owned(),
        FactorChange::PasskeyAdded(name) => fill(MailText::factor_passkey_added.text_in(lang), &[("name", &name)]),
        FactorChange::PasskeyRemoved => MailText::factor_passkey_removed.text_in(lang).to_owned(),
        FactorChange::PasswordRemoved => MailText::factor_password_removed.text_in(lang).to_owned(),
    };
    compose(
        to,
        Words {
            kind: "factor_changed",
            lang,
            subject: MailText::factor_subject,
            greeting_name: username,
            lead: &[&said, MailText::factor_not_you.text_in(lang)],
            action: None,
            tail: &[],
        },
    )
}

/// What an administrator did, for [`administrator_acted`].
#[derive(Clone, Copy, Debug)]
pub enum AdminNotice<'a> {
    /// Disabled the account.
    Disabled,
    /// Enabled it again.
    Enabled,
    /// Ended every session.
    SignedOut,
    /// Removed the authenticator app.
    RemovedAuthenticator,
    /// Removed the passkeys.
    RemovedPasskeys,
    /// Granted this role.
    GrantedRole(&'a str),
    /// Revoked this role.
    RevokedRole(&'a str),
    /// Deleted the account.
    Deleted,
    /// Looked at the account's pages, read-only: who, and why.
    LookedAt {
        /// The administrator's name.
        admin: &'a str,
        /// Their reason, as typed.
        reason: &'a str,
    },
}

/// The notice that an administrator acted on the account: the person always hears of it.
pub fn administrator_acted(lang: Lang, to: &str, username: &str, notice: AdminNotice<'_>) -> Mail {
    let say = |text: MailText| text.text_in(lang).to_owned();
    let said = match notice {
        AdminNotice::Disabled => say(MailText::admin_disabled),
        AdminNotice::Enabled => say(MailText::admin_enabled),
        AdminNotice::SignedOut => say(MailText::admin_signed_out),
        AdminNotice::RemovedAuthenticator => say(MailText::admin_removed_authenticator),
        AdminNotice::RemovedPasskeys => say(MailText::admin_removed_passkeys),
        AdminNotice::GrantedRole(role) => fill(MailText::admin_granted_role.text_in(lang), &[("role", &role)]),
        AdminNotice::RevokedRole(role) => fill(MailText::admin_revoked_role.text_in(lang), &[("role", &role)]),
        AdminNotice::Deleted => say(MailText::admin_deleted),
        AdminNotice::LookedAt { admin, reason } => {
            fill(MailText::admin_looked.text_in(lang), &[("admin", &admin), ("reason", &reason)])
        }
    };
    compose(
        to,
        Words {
            kind: "administrator_acted",
            lang,
            subject: MailText::admin_subject,
            greeting_name: username,
            lead: &[&said, MailText::admin_not_expected.text_in(lang)],
            action: None,
            tail: &[],
        },
    )
}

/// The notice that a recovery code signed in, with how many are left.
pub fn recovery_code_used(lang: Lang, to: &str, username: &str, left: usize) -> Mail {
    let said = fill(MailText::recovery_lead.text_in(lang), &[("left", &left)]);
    compose(
        to,
        Words {
            kind: "recovery_code_used",
            lang,
            subject: MailText::recovery_subject,
            greeting_name: username,
            lead: &[&said, MailText::recovery_not_you.text_in(lang)],
            action: None,
            tail: &[],
        },
    )
}

/// The notice that the password just used to sign in is in the breach list: sent once, when
/// the account is first marked.
pub fn password_breached(lang: Lang, to: &str, username: &str) -> Mail {
    let say = |text: MailText| text.text_in(lang);
    compose(
        to,
        Words {
            kind: "password_breached",
            lang,
            subject: MailText::breached_subject,
            greeting_name: username,
            lead: &[say(MailText::breached_lead), say(MailText::breached_what_to_do)],
            action: None,
            tail: &[],
        },
    )
}

/// The notice that someone is guessing the password: how many wrong passwords, from how many
/// networks, that nothing was locked, and what to do. No link: nothing in it needs to act.
pub fn being_guessed(lang: Lang, to: &str, username: &str, wrong_passwords: i64, networks: usize) -> Mail {
    let counts = fill(MailText::guessing_counts.text_in(lang), &[("count", &wrong_passwords), ("networks", &networks)]);
    compose(
        to,
        Words {
            kind: "being_guessed",
            lang,
            subject: MailText::guessing_subject,
            greeting_name: username,
            lead: &[MailText::guessing_lead.text_in(lang), &counts, MailText::guessing_not_locked.text_in(lang)],
            action: None,
            tail: &[MailText::guessing_what_to_do.text_in(lang)],
        },
    )
}

/// The notice of a sign-in from a device the account had not seen, with its "This wasn't me"
/// link (the one notice that carries one: it must act when the person cannot sign in).
pub fn new_device(
    lang: Lang,
    to: &str,
    username: &str,
    device: &str,
    network: &str,
    when: &str,
    not_me_link: &str,
) -> Mail {
    let said =
        fill(MailText::new_device_lead.text_in(lang), &[("device", &device), ("network", &network), ("when", &when)]);
    compose(
        to,
        Words {
            kind: "new_device",
            lang,
            subject: MailText::new_device_subject,
            greeting_name: username,
            lead: &[&said, MailText::new_device_if_you.text_in(lang)],
            action: Some((MailText::new_device_action, not_me_link)),
            tail: &[MailText::new_device_tail.text_in(lang)],
        },
    )
}
