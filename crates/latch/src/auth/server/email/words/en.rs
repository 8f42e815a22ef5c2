//! What Latch's mails say in English.

use super::MailTexts;

/// Every text of Latch's mails in English.
pub const EN: MailTexts = MailTexts {
    hello: "Hello {name},",
    or_paste: "Or paste this address into your browser: {link}",
    signature: "Latch",
    verify_subject: "Confirm your email address",
    verify_lead: "Please confirm that this is your address, so that you can recover your account if you forget your password.",
    verify_action: "Confirm my address",
    verify_tail: "The link works for 24 hours. If you did not create a Latch account, ignore this message.",
    reset_subject: "Reset your password",
    reset_lead: "Someone asked to reset the password of your Latch account. If it was you, choose a new one here:",
    reset_action: "Choose a new password",
    reset_tail: "The link works for 30 minutes and only once. If you did not ask, ignore this message: your password stays as it is.",
    reset_done_subject: "Your password was changed",
    reset_done_lead: "The password of your Latch account was just reset, and every session was signed out.",
    reset_done_removed: "This reset was the first proof that this address is yours, so any authenticator app and passkeys added to the account before it were removed: set up your own from your account page.",
    reset_done_not_you: "If this was not you, reset it again right away from the login page, and check your account's recent activity.",
    new_address_subject: "Confirm your new email address",
    new_address_lead: "You asked to use this address for your Latch account. Confirm it here:",
    new_address_action: "Use this address",
    new_address_tail: "The link works for 24 hours. Until then your account keeps its old address.",
    moved_subject: "Your email address was changed",
    moved_lead: "Your Latch account now uses {address} instead of this address.",
    moved_not_you: "If you did not make this change, someone else may have your password: contact your administrator.",
    factor_subject: "A sign-in method of your account changed",
    factor_totp_on: "An authenticator app was turned on on your Latch account.",
    factor_totp_off: "The authenticator app was turned off on your Latch account.",
    factor_passkey_added: "A passkey named \"{name}\" was added on your Latch account.",
    factor_passkey_removed: "A passkey was removed on your Latch account.",
    factor_not_you: "If this was not you, change your password right away and check your account's recent activity.",
    recovery_subject: "A recovery code was used",
    recovery_lead: "A recovery code was just used to sign in to your Latch account. {left} of your codes are left.",
    recovery_not_you: "If this was not you, change your password right away and set up your authenticator again.",
};
