//! The mails that carry a link to act on: prove an address, set a new password, complete a
//! move, sign in.

use super::{compose, Words};
use crate::{
    auth::server::{email::words::MailText, store::outbox::Mail},
    i18n::{fill, Lang},
};

/// The link that proves a new account's address.
pub fn verify_address(lang: Lang, to: &str, username: &str, link: &str) -> Mail {
    let say = |text: MailText| text.text_in(lang);
    compose(
        to,
        Words {
            kind: "verify_email",
            lang,
            subject: MailText::verify_subject,
            greeting_name: username,
            lead: &[say(MailText::verify_lead)],
            action: Some((MailText::verify_action, link)),
            tail: &[say(MailText::verify_tail)],
        },
    )
}

/// The link that sets a new password.
pub fn reset_password(lang: Lang, to: &str, username: &str, link: &str) -> Mail {
    let say = |text: MailText| text.text_in(lang);
    compose(
        to,
        Words {
            kind: "password_reset",
            lang,
            subject: MailText::reset_subject,
            greeting_name: username,
            lead: &[say(MailText::reset_lead)],
            action: Some((MailText::reset_action, link)),
            tail: &[say(MailText::reset_tail)],
        },
    )
}

/// The link, to the new address, that completes a move.
pub fn confirm_new_address(lang: Lang, to: &str, username: &str, link: &str) -> Mail {
    let say = |text: MailText| text.text_in(lang);
    compose(
        to,
        Words {
            kind: "confirm_new_email",
            lang,
            subject: MailText::new_address_subject,
            greeting_name: username,
            lead: &[say(MailText::new_address_lead)],
            action: Some((MailText::new_address_action, link)),
            tail: &[say(MailText::new_address_tail)],
        },
    )
}

/// What a sign-in mail says about the request it answers.
pub struct SignInAsked<'a> {
    /// The asking browser, described ("Firefox on Windows").
    pub device: &'a str,
    /// Its coarse network.
    pub network: &'a str,
    /// When it asked, in the recipient's language.
    pub when: &'a str,
}

/// Sign-in by email: the code to type in the browser that asked, and the link that signs in
/// there or approves that browser from another device.
pub fn sign_in(lang: Lang, to: &str, username: &str, code: &str, link: &str, asked: &SignInAsked<'_>) -> Mail {
    let say = |text: MailText| text.text_in(lang);
    let lead = fill(
        say(MailText::sign_in_lead),
        &[("device", &asked.device), ("network", &asked.network), ("when", &asked.when)],
    );
    compose(
        to,
        Words {
            kind: "email_sign_in",
            lang,
            subject: MailText::sign_in_subject,
            greeting_name: username,
            lead: &[&lead, code],
            action: Some((MailText::sign_in_action, link)),
            tail: &[say(MailText::sign_in_tail), say(MailText::sign_in_not_you)],
        },
    )
}
