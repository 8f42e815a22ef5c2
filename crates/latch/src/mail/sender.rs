//! The outbox's sender: a background task per instance that claims due messages, sends them
//! over SMTP (lettre) and marks them sent, or due again after a backoff. It wakes when this
//! instance commits a message and polls for the others' (several instances share one outbox).
//!
//! At least once: a message is marked sent only after the SMTP server accepted it. A process
//! killed mid-send leaves its claim to lapse (`LEASE_SECS`) and the message goes again.

use std::{sync::Arc, time::Duration};

use lettre::{
    message::{Mailbox, MultiPart},
    transport::smtp::Error as SmtpError,
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
};
use tokio::sync::Notify;

use crate::auth::server::{
    sessions::unix_now,
    store::{
        outbox::{self, StoredMail},
        Db,
    },
};

/// How long a claimed message is this sender's alone: longer than an SMTP conversation may
/// take (`SMTP_TIMEOUT`), so a message is never sent twice by two live senders.
pub const LEASE_SECS: i64 = 60;
const SMTP_TIMEOUT: Duration = Duration::from_secs(20);
/// How often the outbox is looked at when nothing woke the sender: other instances' messages
/// and retries that came due.
const POLL_EVERY: Duration = Duration::from_secs(1);
/// Retries wait 1, 2, 4, ... seconds, at most this long.
const MAX_BACKOFF_SECS: i64 = 600;

/// Why the sender cannot be set up.
#[derive(Debug, thiserror::Error)]
pub enum SenderError {
    /// `SMTP_URL` is not an SMTP address.
    #[error("SMTP_URL is not a usable SMTP address: {0}")]
    Url(SmtpError),
    /// `MAIL_FROM` is not an address.
    #[error("MAIL_FROM is not an address: {0}")]
    From(lettre::address::AddressError),
}

/// The outbox's delivery worker: sends what is due over SMTP, retries with backoff.
pub struct Sender {
    db: Db,
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    wake: Arc<Notify>,
}

impl Sender {
    /// `smtp_url` as lettre reads it: `smtp://host:port` (plain; `?tls=required` for
    /// STARTTLS), `smtps://user:password@host` (TLS from the start).
    pub fn new(db: Db, smtp_url: &str, from: &str, wake: Arc<Notify>) -> Result<Self, SenderError> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)
            .map_err(SenderError::Url)?
            .timeout(Some(SMTP_TIMEOUT));
        let from = from.parse().map_err(SenderError::From)?;
        Ok(Self { db, transport: transport.build(), from, wake })
    }

    /// Runs until the task is aborted.
    pub async fn run(self) {
        loop {
            self.send_due().await;
            tokio::select! {
                () = self.wake.notified() => {}
                () = tokio::time::sleep(POLL_EVERY) => {}
            }
        }
    }

    /// Sends every message due now, one at a time.
    async fn send_due(&self) {
        loop {
            let now = unix_now();
            match outbox::any_due(&self.db, now).await {
                Ok(true) => {}
                Ok(false) => return,
                Err(error) => return tracing::warn!(%error, "cannot read the outbox; will try again"),
            }
            match outbox::claim_due(&self.db, now, LEASE_SECS).await {
                Ok(Some(mail)) => self.deliver(mail).await,
                // Another instance took it first.
                Ok(None) => return,
                Err(error) => return tracing::warn!(%error, "cannot claim from the outbox; will try again"),
            }
        }
    }

    async fn deliver(&self, mail: StoredMail) {
        let outcome = match self.message(&mail) {
            Ok(message) => self.transport.send(message).await.map(|_| ()).map_err(|error| {
                let permanent = error.is_permanent();
                (error.to_string(), permanent)
            }),
            Err(problem) => Err((problem, true)),
        };
        let now = unix_now();
        let recorded = match &outcome {
            Ok(()) => {
                tracing::info!(event = "mail_sent", id = mail.id, kind = %mail.kind, attempts = mail.attempts, "mail sent");
                metrics::counter!("latch_mail_total", "outcome" => "sent").increment(1);
                outbox::mark_sent(&self.db, mail.id, now).await
            }
            Err((error, true)) => {
                tracing::error!(event = "mail_refused", id = mail.id, kind = %mail.kind, %error, "mail refused for good");
                metrics::counter!("latch_mail_total", "outcome" => "refused").increment(1);
                outbox::mark_failed(&self.db, mail.id, now, None, error).await
            }
            Err((error, false)) => {
                let retry_at = now + backoff_secs(mail.attempts);
                tracing::warn!(event = "mail_deferred", id = mail.id, kind = %mail.kind, attempts = mail.attempts, retry_at, %error, "mail not sent; will retry");
                metrics::counter!("latch_mail_total", "outcome" => "deferred").increment(1);
                outbox::mark_failed(&self.db, mail.id, now, Some(retry_at), error).await
            }
        };
        if let Err(error) = recorded {
            // The claim lapses and the message is tried again: sent twice at worst, never lost.
            tracing::warn!(%error, id = mail.id, "cannot record a mail's outcome");
        }
    }

    /// The message as SMTP carries it. A recipient that is no address cannot be sent, ever.
    fn message(&self, mail: &StoredMail) -> Result<Message, String> {
        let to: Mailbox = mail.recipient.parse().map_err(|error| format!("recipient: {error}"))?;
        Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&mail.subject)
            .multipart(MultiPart::alternative_plain_html(mail.text_body.clone(), mail.html_body.clone()))
            .map_err(|error| format!("message: {error}"))
    }
}

/// 1, 2, 4, ... seconds after the `attempts`th failure, capped.
pub fn backoff_secs(attempts: i64) -> i64 {
    let doublings = attempts.clamp(1, 20) - 1;
    (1i64 << doublings).min(MAX_BACKOFF_SECS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_to_a_ceiling() {
        let waits: Vec<i64> = (1..=12).map(backoff_secs).collect();
        assert_eq!(waits, [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 600, 600]);
        assert_eq!(backoff_secs(1_000), 600);
    }
}
