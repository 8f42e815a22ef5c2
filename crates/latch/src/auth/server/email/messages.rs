//! The words of every message Latch mails, in plain text and HTML. Subjects are fixed text:
//! nothing a person typed goes into a header. Their name goes into the body, escaped for HTML.

use crate::auth::server::store::outbox::Mail;

/// What each message says, before it is dressed as plain text and HTML.
struct Words<'a> {
    kind: &'static str,
    subject: &'static str,
    greeting_name: &'a str,
    /// Paragraphs before the button.
    lead: &'a [&'a str],
    /// The button's words and where it goes, for messages that carry a link.
    action: Option<(&'static str, &'a str)>,
    /// Paragraphs after it.
    tail: &'a [&'a str],
}

/// The link that proves a new account's address.
pub fn verify_address(to: &str, username: &str, link: &str) -> Mail {
    compose(
        to,
        Words {
            kind: "verify_email",
            subject: "Confirm your email address",
            greeting_name: username,
            lead: &["Please confirm that this is your address, so that you can recover your account if you forget your password."],
            action: Some(("Confirm my address", link)),
            tail: &["The link works for 24 hours. If you did not create a Latch account, ignore this message."],
        },
    )
}

/// The link that sets a new password.
pub fn reset_password(to: &str, username: &str, link: &str) -> Mail {
    compose(
        to,
        Words {
            kind: "password_reset",
            subject: "Reset your password",
            greeting_name: username,
            lead: &["Someone asked to reset the password of your Latch account. If it was you, choose a new one here:"],
            action: Some(("Choose a new password", link)),
            tail: &[
                "The link works for 30 minutes and only once. If you did not ask, ignore this message: your password stays as it is.",
            ],
        },
    )
}

/// `removed_ways_in`: the reset proved the address for the first time, and the authenticator
/// app and passkeys added before (by whoever signed up with it) were removed with it.
pub fn password_was_reset(to: &str, username: &str, removed_ways_in: bool) -> Mail {
    let lead: &[&str] = if removed_ways_in {
        &[
            "The password of your Latch account was just reset, and every session was signed out.",
            "This reset was the first proof that this address is yours, so any authenticator app and passkeys added to the account before it were removed: set up your own from your account page.",
            "If this was not you, reset it again right away from the login page, and check your account's recent activity.",
        ]
    } else {
        &[
            "The password of your Latch account was just reset, and every session was signed out.",
            "If this was not you, reset it again right away from the login page, and check your account's recent activity.",
        ]
    };
    compose(
        to,
        Words {
            kind: "password_changed",
            subject: "Your password was changed",
            greeting_name: username,
            lead,
            action: None,
            tail: &[],
        },
    )
}

/// The link, to the new address, that completes a move.
pub fn confirm_new_address(to: &str, username: &str, link: &str) -> Mail {
    compose(
        to,
        Words {
            kind: "confirm_new_email",
            subject: "Confirm your new email address",
            greeting_name: username,
            lead: &["You asked to use this address for your Latch account. Confirm it here:"],
            action: Some(("Use this address", link)),
            tail: &["The link works for 24 hours. Until then your account keeps its old address."],
        },
    )
}

/// The notice, to the old address, that the account moved.
pub fn address_was_changed(to: &str, username: &str, new_email: &str) -> Mail {
    let moved = format!("Your Latch account now uses {} instead of this address.", mask(new_email));
    compose(
        to,
        Words {
            kind: "email_changed",
            subject: "Your email address was changed",
            greeting_name: username,
            lead: &[
                &moved,
                "If you did not make this change, someone else may have your password: contact your administrator.",
            ],
            action: None,
            tail: &[],
        },
    )
}

/// A notice that a way into the account changed (`what`: "An authenticator app was turned on").
pub fn factor_changed(to: &str, username: &str, what: &str) -> Mail {
    let said = format!("{what} on your Latch account.");
    compose(
        to,
        Words {
            kind: "factor_changed",
            subject: "A sign-in method of your account changed",
            greeting_name: username,
            lead: &[
                &said,
                "If this was not you, change your password right away and check your account's recent activity.",
            ],
            action: None,
            tail: &[],
        },
    )
}

/// The notice that a recovery code signed in, with how many are left.
pub fn recovery_code_used(to: &str, username: &str, left: usize) -> Mail {
    let said =
        format!("A recovery code was just used to sign in to your Latch account. {left} of your codes are left.");
    compose(
        to,
        Words {
            kind: "recovery_code_used",
            subject: "A recovery code was used",
            greeting_name: username,
            lead: &[&said, "If this was not you, change your password right away and set up your authenticator again."],
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
    let mut text = format!("Hello {},\n\n", words.greeting_name);
    let mut html = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title></head>\
         <body style=\"font-family:system-ui,sans-serif;line-height:1.5;color:#1f2933\"><p>Hello {},</p>",
        words.subject,
        escape_html(words.greeting_name)
    );
    for paragraph in words.lead {
        text.push_str(&format!("{paragraph}\n\n"));
        html.push_str(&format!("<p>{}</p>", escape_html(paragraph)));
    }
    if let Some((label, link)) = words.action {
        text.push_str(&format!("{label}: {link}\n\n"));
        let link = escape_html(link);
        html.push_str(&format!(
            "<p><a href=\"{link}\" style=\"display:inline-block;padding:0.6em 1.2em;background:#3446c8;color:#fff;\
             border-radius:6px;text-decoration:none\">{label}</a></p><p>Or paste this address into your browser: {link}</p>"
        ));
    }
    for paragraph in words.tail {
        text.push_str(&format!("{paragraph}\n\n"));
        html.push_str(&format!("<p>{}</p>", escape_html(paragraph)));
    }
    text.push_str("-- \nLatch\n");
    html.push_str("<p>Latch</p></body></html>");
    Mail { kind: words.kind, recipient: to.to_owned(), subject: words.subject.to_owned(), text, html }
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
        let mail = verify_address("a@example.com", "<script>x</script>", "https://site/verify-email?token=abc");
        assert!(mail.html.contains("&lt;script&gt;x&lt;/script&gt;"));
        assert!(!mail.html.contains("<script>"));
        assert!(mail.text.contains("https://site/verify-email?token=abc"));
        assert!(mail.html.contains("href=\"https://site/verify-email?token=abc\""));
        assert_eq!(mail.subject, "Confirm your email address");
    }

    #[test]
    fn the_old_address_sees_the_new_one_masked() {
        let mail = address_was_changed("old@example.com", "ann", "newname@example.org");
        assert!(mail.text.contains("n***@example.org"));
        assert!(!mail.text.contains("newname"));
    }
}
