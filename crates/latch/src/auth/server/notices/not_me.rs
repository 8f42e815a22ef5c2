//! "This wasn't me": the new-device mail's link. Its page only shows a button (a mail scanner
//! that opens links changes nothing); the button ends every session of the account (the
//! intruder's with them), forgets the device that signed in (so its next sign-in is new
//! again), and mails a link to set a new password. Single use, for a week.

use super::super::{
    account::event::Event,
    clock::unix_now,
    email::link_tokens::digest_presented,
    failures::store_failed,
    service::{AuthService, Requester},
    store,
};
use crate::auth::{error::AuthError, validate::Email};

impl AuthService {
    /// Acts on a "This wasn't me" link; `InvalidToken` for one that is unknown, used or past
    /// its week.
    pub async fn report_not_me(&self, token: &str, from: &Requester<'_>) -> Result<(), AuthError> {
        let digest = digest_presented(token).ok_or(AuthError::InvalidToken)?;
        let reported = store::devices::use_alert(&self.db, &digest, unix_now())
            .await
            .map_err(store_failed)?
            .ok_or(AuthError::InvalidToken)?;
        self.sessions_ended(&reported.ended).await;
        self.record(reported.user_id, Event::NotMeReported, from).await;
        tracing::warn!(
            event = "not_me_reported",
            user_id = reported.user_id,
            sessions_ended = reported.ended.len(),
            "a new-device sign-in reported by the owner"
        );
        let user = store::find_user_by_id(&self.db, reported.user_id).await.map_err(store_failed)?;
        if let Some(email) = user.and_then(|user| Email::parse(&user.email).ok()) {
            self.mail_reset_link(&email, from).await?;
        }
        Ok(())
    }
}
