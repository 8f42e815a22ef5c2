//! "View as", read-only: an administrator sees a person's pages as the person sees them,
//! for at most [`VIEW_FOR`], after their own password (the sudo window) and a typed reason,
//! and the person is told who looked and why (their history and a mail, in the transaction
//! that opens the view).
//!
//! What makes it safe is what it does not make: no session, token or cookie of the person's
//! exists at any point. The view is a row naming the administrator, the person, the reason
//! and the end; its token (in the viewing pages' address) is kept only as its SHA-256 and
//! opens nothing but those pages, for that administrator, whose own session must still pass
//! the console's gate. The pages are rendered on the server with the person's data
//! (`server::admin::view_as`), carry no script, and their policy lets no form post.

use std::time::Duration;

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use rand::RngCore;
use sha2::{Digest, Sha256};

use super::{actions::AdminAction, Admin};
use crate::auth::{
    error::AuthError,
    server::{
        account::event::Event,
        clock::unix_now,
        email::messages::{self, AdminNotice},
        failures::store_failed,
        service::{AuthService, Requester},
        store::{
            self,
            admin::{AdminChange, Applied, Notices},
            audit::NewAudit,
            User,
        },
    },
};

/// How long a view stays open: long enough to follow what a person describes on the phone,
/// short enough that a forgotten tab shows nothing an hour later.
pub const VIEW_FOR: Duration = Duration::from_secs(15 * 60);

/// A reason's length, in characters: a few words at least, a paragraph at most.
const REASON_CHARS: std::ops::RangeInclusive<usize> = 10..=500;

/// An open view, as the viewing pages use it.
pub struct ViewGrant {
    /// The person, read afresh.
    pub subject: User,
    /// Why the administrator looks.
    pub reason: String,
    /// When the view closes, Unix seconds.
    pub expires_at: i64,
}

impl AuthService {
    /// Opens a view of account `user_id`'s pages for `admin`: its token, for the viewing
    /// pages' address. Needs the sudo window and a reason; never one's own account.
    pub async fn start_view(
        &self,
        admin: &Admin,
        user_id: i64,
        reason: &str,
        from: &Requester<'_>,
    ) -> Result<String, AuthError> {
        if !admin.may_change {
            return Err(AuthError::ReauthenticationRequired);
        }
        let reason = reason.trim();
        if !REASON_CHARS.contains(&reason.chars().count()) || reason.chars().any(char::is_control) {
            return Err(AuthError::ReasonRequired);
        }
        if user_id == admin.caller.user.id {
            return Err(AuthError::OwnAccount);
        }
        let user = store::find_user_by_id(&self.db, user_id).await.map_err(store_failed)?.ok_or(AuthError::NotFound)?;
        let token = new_token();
        let now = unix_now();
        let expires_at = now + VIEW_FOR.as_secs() as i64;
        let viewer = &admin.caller.user;
        let ip = from.address.to_string();
        let audit = NewAudit {
            admin_id: viewer.id,
            admin_email: &viewer.email,
            subject_id: Some(user.id),
            subject_email: Some(&user.email),
            action: AdminAction::ViewedAs.name(),
            detail: Some(reason),
            at: now,
            ip: Some(&ip),
            user_agent: from.user_agent,
        };
        let notice = AdminNotice::LookedAt { admin: &viewer.username, reason };
        let mail = messages::administrator_acted(user.language, &user.email, &user.username, notice);
        let detail = format!("{}: \u{201c}{reason}\u{201d}", viewer.username);
        let notices = Notices {
            user_id: user.id,
            event: Some(Event::AdminViewedAs.name()),
            event_detail: Some(&detail),
            mail: Some(&mail),
            audit: &audit,
        };
        let id = token_id(&token);
        let change = AdminChange::StartView { id: &id, reason, expires_at };
        match store::admin::apply(&self.db, &change, &notices).await.map_err(store_failed)? {
            Applied::Done { .. } => {
                self.mailing.wake_sender();
                tracing::info!(
                    event = "admin_view_opened",
                    admin_id = viewer.id,
                    user_id = user.id,
                    "read-only view opened"
                );
                Ok(token)
            }
            Applied::Unchanged | Applied::LastAdministrator => Err(AuthError::Internal),
        }
    }

    /// The open view `token` names, if it is `admin`'s and has not closed: `NotFound`
    /// otherwise (another administrator's token, an old one, a made-up one alike).
    pub async fn view_grant(&self, admin: &Admin, token: &str) -> Result<ViewGrant, AuthError> {
        let row = store::admin::live_view(&self.db, &token_id(token), unix_now())
            .await
            .map_err(store_failed)?
            .filter(|row| row.admin_id == admin.caller.user.id)
            .ok_or(AuthError::NotFound)?;
        let subject =
            store::find_user_by_id(&self.db, row.subject_id).await.map_err(store_failed)?.ok_or(AuthError::NotFound)?;
        Ok(ViewGrant { subject, reason: row.reason, expires_at: row.expires_at })
    }
}

/// 256 random bits, base64url: the view's token.
fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// What the database keeps of a token: its SHA-256, hex.
fn token_id(token: &str) -> String {
    Sha256::digest(format!("latch-admin-view:{token}").as_bytes()).iter().map(|byte| format!("{byte:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_kept_as_64_hex_digits_and_two_tokens_differ() {
        let (one, two) = (new_token(), new_token());
        assert_ne!(one, two);
        assert_eq!(token_id(&one).len(), 64);
        assert_ne!(token_id(&one), token_id(&two));
    }
}
