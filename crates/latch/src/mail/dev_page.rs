//! `/dev/mail`: every message in the outbox, newest first, with its links, so a developer
//! can sign up and reset a password without a mail server. Served in development only (the
//! router does not mount it in production, where it is a 404 like any unknown path), whether
//! or not `SMTP_URL` is set.

use std::sync::OnceLock;

use axum::{
    extract::State,
    http::{
        header::{CONTENT_SECURITY_POLICY, CONTENT_TYPE},
        HeaderValue, StatusCode,
    },
    response::{IntoResponse, Response},
};
use base64::{engine::general_purpose::STANDARD, Engine};
use sha2::{Digest, Sha256};

use crate::auth::server::{
    email::messages::escape_html,
    store::{outbox, Db},
};

/// Where the development outbox page is served.
pub const PATH: &str = "/dev/mail";
/// The most messages the page lists.
const SHOWN: u32 = 200;

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;\
line-height:1.5;color:#1f2933;background:#fff}@media(prefers-color-scheme:dark){body{color:#e4e7eb;background:#16191d}\
a{color:#9fb3ff}}article{border:1px solid #9aa5b1;border-radius:8px;padding:0.5rem 1rem;margin:1rem 0}\
h2{font-size:1.1rem;margin:0.25rem 0}dl{display:grid;grid-template-columns:max-content 1fr;gap:0 1rem;margin:0}\
dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}pre{white-space:pre-wrap;overflow-wrap:anywhere}";

/// The development outbox page: the newest messages with their links.
pub async fn list(State(db): State<Db>) -> Response {
    let mails = match outbox::list_recent(&db, SHOWN).await {
        Ok(mails) => mails,
        Err(error) => {
            tracing::error!(%error, "cannot read the outbox");
            return (StatusCode::SERVICE_UNAVAILABLE, "The outbox cannot be read right now.").into_response();
        }
    };
    let mut body = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Outbox · Latch (development)</title>\
         <style>{STYLE}</style></head><body><main><h1>Outbox</h1>\
         <p>Every message Latch wrote, newest first (development only). Open a link to act on it.</p>"
    );
    if mails.is_empty() {
        body.push_str("<p>No messages yet.</p>");
    }
    for mail in &mails {
        let status = match (mail.sent_at, mail.gave_up_at) {
            (Some(_), _) => "sent".to_owned(),
            (None, Some(_)) => format!("refused for good: {}", mail.last_error.as_deref().unwrap_or("")),
            (None, None) if mail.attempts == 0 => "waiting to be sent".to_owned(),
            (None, None) => {
                format!("{} attempts, retrying: {}", mail.attempts, mail.last_error.as_deref().unwrap_or(""))
            }
        };
        body.push_str(&format!(
            "<article aria-labelledby=\"mail-{id}\"><h2 id=\"mail-{id}\">{subject}</h2><dl>\
             <dt>To</dt><dd class=\"recipient\">{to}</dd><dt>Kind</dt><dd>{kind}</dd><dt>Status</dt><dd>{status}</dd>\
             <dt>Links</dt><dd>{links}</dd></dl>\
             <details><summary>Text of message {id}</summary><pre>{text}</pre></details></article>",
            id = mail.id,
            subject = escape_html(&mail.subject),
            to = escape_html(&mail.recipient),
            kind = escape_html(&mail.kind),
            status = escape_html(&status),
            links = links_in(&mail.text_body)
                .map(|link| format!("<a href=\"{0}\">{0}</a>", escape_html(link)))
                .collect::<Vec<_>>()
                .join("<br>"),
            text = escape_html(&mail.text_body),
        ));
    }
    body.push_str("</main></body></html>");
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    if let Ok(policy) = HeaderValue::from_str(&policy()) {
        headers.insert(CONTENT_SECURITY_POLICY, policy);
    }
    response
}

/// Nothing but this page's own style block may apply; no script runs.
fn policy() -> String {
    static HASH: OnceLock<String> = OnceLock::new();
    let hash = HASH.get_or_init(|| STANDARD.encode(Sha256::digest(STYLE.as_bytes())));
    format!(
        "default-src 'none'; style-src 'sha256-{hash}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )
}

/// Every `http(s)://` link in a plain-text body.
fn links_in(text: &str) -> impl Iterator<Item = &str> {
    text.split_whitespace().filter(|word| word.starts_with("https://") || word.starts_with("http://"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_found_in_a_text_body() {
        let text = "Hello,\n\nConfirm my address: http://127.0.0.1:3000/verify-email?token=abc\n\n-- \nLatch";
        assert_eq!(links_in(text).collect::<Vec<_>>(), ["http://127.0.0.1:3000/verify-email?token=abc"]);
    }
}
