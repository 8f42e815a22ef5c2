//! The sudo window: a dangerous action (one an application guards with
//! `require_recent_authentication`, `RecentlyAuthenticated` or `RequireRecentAuthentication`)
//! needs the session's owner to have proven it is them within the last [`SUDO_WINDOW`]: at
//! sign-in, or again on `/reauthenticate`. A session left open on a shared computer, or a
//! stolen cookie, then cannot do the dangerous part without the password.
//!
//! The proof's time is read from the database at each guarded call, never from the session
//! cache: these calls are rare, and the answer is then exact on every instance.

use std::time::Duration;

use super::unix_now;
use crate::auth::{
    error::AuthError,
    server::{
        account::event::Event,
        account::owner_identity,
        failures::store_failed,
        service::{AuthService, AuthUser, Requester},
        store,
    },
};

/// How long a proof opens the window: 10 minutes, long enough for the few steps of one
/// dangerous task after the password prompt, short enough that a session left open (a
/// shared computer, a stolen cookie) has lost it by the time someone else sits down. The
/// same length GitHub gives its sudo mode's idle window.
pub const SUDO_WINDOW: Duration = Duration::from_secs(10 * 60);

impl AuthService {
    /// Whether the caller's session proved its owner within the sudo window.
    pub async fn recently_authenticated(&self, caller: &AuthUser) -> Result<bool, AuthError> {
        let now = unix_now();
        let proof = store::sessions::last_proof(&self.db, &caller.session_id, now).await.map_err(store_failed)?;
        Ok(proof.is_some_and(|at| now - at < SUDO_WINDOW.as_secs() as i64))
    }

    /// Opens the sudo window for the caller's session, given the account's password:
    /// checked and throttled as a sign-in's is, and recorded in the history.
    pub async fn reauthenticate(
        &self,
        caller: &AuthUser,
        password: &str,
        from: &Requester<'_>,
    ) -> Result<(), AuthError> {
        let (email, _) = owner_identity(&caller.user)?;
        self.confirm_password(&email, password, from).await?;
        store::sessions::mark_reauthenticated(&self.db, &caller.session_id, unix_now()).await.map_err(store_failed)?;
        self.record(caller.user.id, Event::Reauthenticated, from).await;
        tracing::info!(event = "reauthenticated", user_id = caller.user.id, "sudo window opened");
        Ok(())
    }
}
