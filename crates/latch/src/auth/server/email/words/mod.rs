//! The mails' catalogue: every text a mail carries, in English (`en.rs`) and Korean
//! (`ko.rs`). Mails are written on the server only, in the recipient's account language.

mod en;
mod ko;

crate::catalogue! {
    /// A text of Latch's mails: `MailText::verify_subject.text_in(lang)`.
    pub enum MailText, struct MailTexts, id "latch-mail", en en::EN, ko ko::KO;
    hello,
    or_paste,
    signature,
    verify_subject,
    verify_lead,
    verify_action,
    verify_tail,
    reset_subject,
    reset_lead,
    reset_action,
    reset_tail,
    reset_done_subject,
    reset_done_lead,
    reset_done_removed,
    reset_done_not_you,
    new_address_subject,
    new_address_lead,
    new_address_action,
    new_address_tail,
    moved_subject,
    moved_lead,
    moved_not_you,
    factor_subject,
    factor_totp_on,
    factor_totp_off,
    factor_passkey_added,
    factor_passkey_removed,
    factor_not_you,
    recovery_subject,
    recovery_lead,
    recovery_not_you,
    breached_subject,
    breached_lead,
    breached_what_to_do,
    new_device_subject,
    new_device_lead,
    new_device_if_you,
    new_device_action,
    new_device_tail,
    guessing_subject,
    guessing_lead,
    guessing_counts,
    guessing_not_locked,
    guessing_what_to_do,
    admin_subject,
    admin_disabled,
    admin_enabled,
    admin_signed_out,
    admin_removed_authenticator,
    admin_removed_passkeys,
    admin_granted_role,
    admin_revoked_role,
    admin_deleted,
    admin_looked,
    admin_not_expected,
    identity_subject,
    identity_linked,
    identity_unlinked,
    identity_not_you,
    welcome_subject,
    welcome_lead,
    welcome_no_password,
    claimed_subject,
    claimed_lead,
    claimed_removed,
    sign_in_subject,
    sign_in_lead,
    sign_in_action,
    sign_in_tail,
    sign_in_not_you,
    factor_password_removed,
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_mails_catalogue_agrees_with_itself_in_every_language() {
        let problems = crate::i18n::check_catalogue::<super::MailText>();
        assert!(problems.is_empty(), "{problems:#?}");
    }
}
