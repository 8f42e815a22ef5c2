//! Someone is guessing the password. When the throttle refuses guesses at an account, its
//! owner is told, at most once per account every 12 hours: how many wrong passwords in the
//! last 12 hours, from how many networks, that nothing was locked, and what to do. The notice
//! carries no link (nothing in it needs to act), and cannot be turned off.
//!
//! An attacker who knows an address can make Latch send its owner this mail at most twice a
//! day, whatever they spend and from however many instances serve the account: the claim is
//! one conditional update of the account's row.

use std::collections::BTreeSet;

use super::{
    super::{
        account::event::Event,
        clock::unix_now,
        email::messages,
        service::{AuthService, Requester},
        store::{self, User},
    },
    coarse_network,
};

/// At most one guessing notice per account in this long.
pub const GUESSING_NOTICE_EVERY_SECS: i64 = 12 * 3600;
/// The notice counts the wrong passwords of this long before it.
pub const GUESSING_WINDOW_SECS: i64 = 12 * 3600;

impl AuthService {
    /// After the throttle refused a login for `user`: mails the guessing notice unless one went
    /// out in the last 12 hours (or no wrong password was recorded: a refusal for another
    /// reason). A failure is logged; the refusal stands either way.
    pub(in crate::auth::server) async fn note_guessing(&self, user: &User, from: &Requester<'_>) {
        let now = unix_now();
        let failures = match store::guessing::failures_since(&self.db, user.id, now - GUESSING_WINDOW_SECS).await {
            Ok(failures) => failures,
            Err(error) => return tracing::warn!(user_id = user.id, %error, "cannot count the wrong passwords"),
        };
        if failures.count == 0 {
            return;
        }
        let networks: BTreeSet<String> =
            failures.addresses.iter().filter_map(|address| address.parse().ok()).map(coarse_network).collect();
        let mail = messages::being_guessed(user.language, &user.email, &user.username, failures.count, networks.len());
        let since = now - GUESSING_NOTICE_EVERY_SECS;
        match store::guessing::claim_notice(&self.db, user.id, &mail, now, since).await {
            Ok(true) => {
                self.mailing.wake_sender();
                let detail = format!("{} wrong passwords, {} networks", failures.count, networks.len());
                self.record_detailed(user.id, Event::GuessingNoticed, Some(&detail), from).await;
                tracing::warn!(
                    event = "guessing_noticed",
                    user_id = user.id,
                    wrong_passwords = failures.count,
                    networks = networks.len(),
                    "the owner was told of guesses at the password"
                );
            }
            Ok(false) => {}
            Err(error) => tracing::warn!(user_id = user.id, %error, "cannot send the guessing notice"),
        }
    }
}
