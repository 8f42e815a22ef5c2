//! Every message Latch mails, in plain text and HTML, in the recipient's account language
//! (its words are in `words/`). Subjects are fixed text: nothing a person typed goes into a
//! header. Their name goes into the body, escaped for HTML.

use super::words::MailText;
use crate::{
    auth::server::store::outbox::Mail,
    i18n::{fill, Lang},
};

/// What each message says, before it is dressed as plain text and HTML.
struct Words<'a> {
    kind: &'static str,
    lang: Lang,
    subject: MailText,
    greeting_name: &'a str,
    /// Paragraphs before the button.
    lead: &'a [&'a str],
    /// The button's words and where it goes, for messages that carry a link.
    action: Option<(MailText, &'a str)>,
    /// Paragraphs after it.
    tail: &'a [&'a str],
}

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
}

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

/// A notice with no link: `lead`'s paragraphs under `subject`, for notices whose words are
/// chosen elsewhere (`identities::notices`).
pub fn notice(lang: Lang, to: &str, username: &str, kind: &'static str, subject: MailText, lead: &[&str]) -> Mail {
    compose(to, Words { kind, lang, subject, greeting_name: username, lead, action: None, tail: &[] })
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

/// `a***@example.com`: enough for the owner to recognise, little for anyone reading over
/// their shoulder.
fn mask(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => format!("{}***@{domain}", local.chars().next().unwrap_or('*')),
        None => "***".to_owned(),
    }
}

fn compose(to: &str, words: Words<'_>) -> Mail {
    let lang = words.lang;
    let subject = words.subject.text_in(lang);
    let hello = |name: &str| fill(MailText::hello.text_in(lang), &[("name", &name)]);
    let mut text = format!("{}\n\n", hello(words.greeting_name));
    let mut html = format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title></head>\
         <body style=\"font-family:system-ui,sans-serif;line-height:1.5;color:#1f2933\"><p>{}</p>",
        lang.tag(),
        escape_html(subject),
        hello(&escape_html(words.greeting_name))
    );
    for paragraph in words.lead {
        text.push_str(&format!("{paragraph}\n\n"));
        html.push_str(&format!("<p>{}</p>", escape_html(paragraph)));
    }
    if let Some((label, link)) = words.action {
        let label = label.text_in(lang);
        text.push_str(&format!("{label}: {link}\n\n"));
        let link = escape_html(link);
        let or_paste = fill(&escape_html(MailText::or_paste.text_in(lang)), &[("link", &link)]);
        html.push_str(&format!(
            "<p><a href=\"{link}\" style=\"display:inline-block;padding:0.6em 1.2em;background:#3446c8;color:#fff;\
             border-radius:6px;text-decoration:none\">{}</a></p><p>{or_paste}</p>",
            escape_html(label)
        ));
    }
    for paragraph in words.tail {
        text.push_str(&format!("{paragraph}\n\n"));
        html.push_str(&format!("<p>{}</p>", escape_html(paragraph)));
    }
    let signature = MailText::signature.text_in(lang);
    text.push_str(&format!("-- \n{signature}\n"));
    html.push_str(&format!("<p>{}</p></body></html>", escape_html(signature)));
    Mail { kind: words.kind, recipient: to.to_owned(), subject: subject.to_owned(), text, html }
}

/// `text` with `&`, `<`, `>`, `"` and `'` escaped, for a mail's HTML.
pub fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_escaped_in_html_and_the_link_is_in_both_bodies() {
        let mail =
            verify_address(Lang::En, "a@example.com", "<script>x</script>", "https://site/verify-email?token=abc");
        assert!(mail.html.contains("&lt;script&gt;x&lt;/script&gt;"));
        assert!(!mail.html.contains("<script>"));
        assert!(mail.text.contains("https://site/verify-email?token=abc"));
        assert!(mail.html.contains("href=\"https://site/verify-email?token=abc\""));
        assert_eq!(mail.subject, "Confirm your email address");
    }

    #[test]
    fn the_old_address_sees_the_new_one_masked() {
        let mail = address_was_changed(Lang::En, "old@example.com", "ann", "newname@example.org");
        assert!(mail.text.contains("n***@example.org"));
        assert!(!mail.text.contains("newname"));
    }

    #[test]
    fn a_mail_is_in_the_language_it_is_written_for() {
        let mail = reset_password(Lang::Ko, "a@example.com", "안나", "https://site/reset-password?token=abc");
        assert_eq!(mail.subject, "비밀번호 재설정");
        assert!(mail.text.starts_with("안나님, 안녕하세요."), "{}", mail.text);
        assert!(mail.text.contains("새 비밀번호 정하기: https://site/reset-password?token=abc"));
        assert!(mail.html.contains("<html lang=\"ko\">"));
        let english = reset_password(Lang::En, "a@example.com", "Ann", "https://site/reset-password?token=abc");
        assert_eq!(english.subject, "Reset your password");
        assert!(english.text.starts_with("Hello Ann,"));
    }
}
