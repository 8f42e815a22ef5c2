//! Sessions: opening one, telling who a token belongs to, and ending them (here), the signed
//! token (`token`), the cache of live sessions (`cache`), revocations told to every instance
//! (`revocations`), device names read from user agents (`device`) and the window a fresh
//! proof opens for dangerous actions (`sudo`).

pub mod cache;
pub mod device;
pub mod revocations;
pub mod sudo;
pub mod token;

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use rand::RngCore;

use crate::auth::error::AuthError;
pub use crate::auth::server::clock::unix_now;
use crate::auth::server::{
    account::event::Event,
    failures::store_failed,
    service::{AuthService, AuthUser, IssuedSession, Requester},
    store::{self, NewSession, StoreError, User},
};

/// The security history is kept this long.
const EVENTS_KEPT_SECS: i64 = 90 * 24 * 3600;

impl AuthService {
    /// Opens a session for `user` (after a login, or right after signup in the browser).
    /// Every way in ends here, so a disabled account is refused here whatever the method
    /// (and, should it be disabled meanwhile, by the session's insert).
    pub async fn start_session(&self, user: &User, from: &Requester<'_>) -> Result<IssuedSession, AuthError> {
        if user.disabled_at.is_some() {
            tracing::info!(event = "login_refused_disabled", user_id = user.id, "account disabled");
            return Err(AuthError::AccountDisabled);
        }
        let now = unix_now();
        let session_id = new_session_id();
        let max_age = self.tokens.ttl();
        let user_agent = from.user_agent.map(|ua| truncate_chars(ua, 512));
        let session = NewSession {
            id: &session_id,
            user_id: user.id,
            created_at: now,
            expires_at: now + max_age.as_secs() as i64,
            user_agent: user_agent.as_deref(),
        };
        if !store::insert_session(&self.db, &session, user.credentials_version).await.map_err(store_failed)? {
            // The password this login checked was changed or reset meanwhile (or every session
            // was signed out): what it earned is void, as if it had come a moment later.
            tracing::info!(event = "login_outdated", user_id = user.id, "credentials rotated during the login");
            return Err(AuthError::InvalidCredentials);
        }
        store::sessions::mark_signed_in(&self.db, user.id, now).await.map_err(store_failed)?;
        // The oldest sessions past the cap end now, cache included: a login loop cannot grow
        // the table, and a forgotten device does not stay signed in forever.
        let ended = store::end_sessions_past(&self.db, user.id, self.session_policy.max_per_account, now)
            .await
            .map_err(store_failed)?;
        self.sessions_ended(&ended).await;
        let token = self.tokens.issue(user.id, &session_id, now).map_err(|error| {
            tracing::error!(%error, "cannot sign a token");
            AuthError::Internal
        })?;
        self.record(user.id, Event::Login, &Requester { user_agent: user_agent.as_deref(), ..*from }).await;
        tracing::info!(event = "login", user_id = user.id, "session started");
        self.note_device(user, from).await;
        Ok(IssuedSession { token, max_age })
    }

    /// The caller a token belongs to, if its signature, claims and session are all good.
    /// Every refusal is the same `Unauthenticated`; the exact cause is logged at debug.
    pub async fn authenticate(&self, token: &str) -> Result<AuthUser, AuthError> {
        let now = unix_now();
        let claims = self.tokens.check(token, now).map_err(|error| {
            tracing::debug!(%error, "token refused");
            AuthError::Unauthenticated
        })?;
        let user_id = claims.user_id;
        let (user, seen) = match self.sessions.get(&claims.session_id, user_id, now) {
            Some(hit) => hit,
            None => {
                let asked = self.sessions.generation();
                let (user, seen) = store::find_user_by_live_session(&self.db, &claims.session_id, user_id, now)
                    .await
                    .map_err(store_failed)?
                    .ok_or_else(|| {
                        tracing::debug!(user_id, "session revoked, expired or unknown");
                        AuthError::Unauthenticated
                    })?;
                let user = std::sync::Arc::new(user);
                // The session row expires with the token, so the token's `exp` bounds the entry.
                self.sessions.confirm(&claims.session_id, &user, claims.exp, seen, asked);
                (user, seen)
            }
        };
        // At most once a minute (by default) per session, so `/auth/me` stays a cache hit.
        let every = self.session_policy.last_seen_every_secs;
        if every > 0 && now - seen >= every {
            self.touch(&claims.session_id, now).await;
        }
        Ok(AuthUser { user, session_id: claims.session_id })
    }

    /// Writes the session's `last_seen_at`. A failure costs only freshness: logged, not fatal.
    async fn touch(&self, session_id: &str, now: i64) {
        self.sessions.mark_seen(session_id, now);
        if let Err(error) = store::touch_session(&self.db, session_id, now).await {
            tracing::warn!(%error, "cannot record when a session was last seen");
        }
    }

    /// Revokes the caller's session: its token stops working everywhere, cookie or bearer.
    pub async fn logout(&self, caller: &AuthUser, from: &Requester<'_>) -> Result<(), AuthError> {
        store::revoke_session(&self.db, &caller.session_id, unix_now()).await.map_err(store_failed)?;
        self.sessions_ended(std::slice::from_ref(&caller.session_id)).await;
        self.record(caller.user.id, Event::Logout, from).await;
        tracing::info!(event = "logout", user_id = caller.user.id, "session revoked");
        Ok(())
    }

    /// How many sessions are live now, across every account.
    pub async fn live_sessions(&self) -> Result<i64, StoreError> {
        store::count_live_sessions(&self.db, unix_now()).await
    }

    /// Call once revoked or deleted sessions are committed: this process's cache drops them
    /// at once, and every other instance on the same PostgreSQL is told to.
    pub(in crate::auth::server) async fn sessions_ended(&self, session_ids: &[String]) {
        if session_ids.is_empty() {
            return;
        }
        self.sessions.evict_all(session_ids.iter().map(String::as_str));
        revocations::announce(&self.db, session_ids).await;
    }

    /// Deletes expired and revoked sessions, events past their 90 days and throttle buckets
    /// that refilled; the background pruner calls this on a schedule. `None` when another
    /// instance is pruning the same database right now.
    pub async fn prune(&self) -> Result<Option<u64>, StoreError> {
        let now = unix_now();
        store::prune(&self.db, now, now - EVENTS_KEPT_SECS).await
    }
}

/// 128 random bits from the thread's CSPRNG, base64url: the session id and the JWT's `jti`.
fn new_session_id() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

fn truncate_chars(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}
