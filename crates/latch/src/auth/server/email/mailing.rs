//! What the account rules need to send mail: links built on the configured public origin
//! (never on a request's `Host`, which anyone can set), and a way to wake the sender once a
//! message is committed to the outbox, so it goes out at once rather than at the next poll.

use std::sync::Arc;

use tokio::sync::Notify;

/// Where mailed links point (the public origin), and the signal that wakes the sender when a
/// message is written.
#[derive(Clone)]
pub struct Mailing {
    public_origin: Arc<str>,
    wake: Arc<Notify>,
}

impl Mailing {
    /// `public_origin` is `scheme://host[:port]`, as the configuration checked it.
    pub fn new(public_origin: &str) -> Self {
        Self { public_origin: public_origin.trim_end_matches('/').into(), wake: Arc::new(Notify::new()) }
    }

    /// `{origin}{path}?token={token}`. The token is base64url: nothing in it needs escaping.
    pub fn link(&self, path: &str, token: &str) -> String {
        format!("{}{path}?token={token}", self.public_origin)
    }

    /// Tells this instance's sender that a message is waiting (a permit is kept if it is busy).
    pub fn wake_sender(&self) {
        self.wake.notify_one();
    }

    /// What the sender waits on between polls.
    pub fn wake_signal(&self) -> Arc<Notify> {
        self.wake.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_stand_on_the_configured_origin() {
        let mailing = Mailing::new("https://accounts.example.com/");
        assert_eq!(mailing.link("/reset-password", "abc"), "https://accounts.example.com/reset-password?token=abc");
    }
}
