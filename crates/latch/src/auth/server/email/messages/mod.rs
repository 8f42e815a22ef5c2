//! Every message Latch mails, in plain text and HTML, in the recipient's account language
//! (its words are in `words/`). Subjects are fixed text: nothing a person typed goes into a
//! header. Their name goes into the body, escaped for HTML.

mod links;
mod notices;

pub use links::{confirm_new_address, reset_password, sign_in, verify_address, SignInAsked};
pub use notices::{
    address_was_changed, administrator_acted, being_guessed, factor_changed, new_device, password_breached,
    password_was_reset, recovery_code_used, AdminNotice, FactorChange,
};

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

/// A notice with no link: `lead`'s paragraphs under `subject`, for notices whose words are
/// chosen elsewhere (`identities::notices`).
pub fn notice(lang: Lang, to: &str, username: &str, kind: &'static str, subject: MailText, lead: &[&str]) -> Mail {
    compose(to, Words { kind, lang, subject, greeting_name: username, lead, action: None, tail: &[] })
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
mod tests;
