//! What a signed-in person can do to their own account: see and end sessions, change the
//! password, read its history, delete it (here); take its data (`export`); recording its
//! history (`activity`, `event`), and what operators ask of accounts (`operator`).
//! Lasting changes (password, deletion) ask for the password again, checked and throttled
//! like a login, so that a stolen session alone cannot make them.

mod activity;
pub mod event;
pub mod export;
pub mod operator;

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use sha2::{Digest, Sha256};

use crate::auth::server::{
    account::event::Event,
    clock::unix_now,
    email::messages::{self, FactorChange},
    failures::{hash_failed, invalid, store_failed},
    service::{AuthService, AuthUser, Requester},
    sessions::device,
    store::{self, users as owner, ways_in::Unlinked},
};
use crate::auth::{
    account::{EventView, SessionView},
    error::{AuthError, FieldErrors},
    validate::{Email, Password, Username},
};
use crate::i18n::Lang;

/// The most events one page of history holds.
pub const MAX_EVENTS_PER_PAGE: u32 = 200;

/// The public name of a session: 96 bits of the SHA-256 of its token id. Stable, unique in
/// practice, and no way back to the `jti` that would forge nothing but still names the row.
pub fn session_handle(session_id: &str) -> String {
    let digest = Sha256::digest(format!("latch-session-handle:{session_id}").as_bytes());
    URL_SAFE_NO_PAD.encode(&digest[..12])
}

impl AuthService {
    /// Sets the language the caller's pages (where their browser chose none) and mail are in.
    pub async fn set_language(&self, caller: &AuthUser, language: Lang) -> Result<(), AuthError> {
        store::users::set_language(&self.db, caller.user.id, language).await.map_err(store_failed)?;
        tracing::info!(event = "language_changed", user_id = caller.user.id, language = language.tag(), "language set");
        Ok(())
    }

    /// The account's live sessions, newest first, the caller's own marked `current`.
    pub async fn list_sessions(&self, caller: &AuthUser) -> Result<Vec<SessionView>, AuthError> {
        self.sessions_of(caller.user.id, Some(&caller.session_id)).await
    }

    /// Account `user_id`'s live sessions, newest first, `current` marked where it is one.
    pub(in crate::auth::server) async fn sessions_of(
        &self,
        user_id: i64,
        current: Option<&str>,
    ) -> Result<Vec<SessionView>, AuthError> {
        let rows = store::list_live_sessions(&self.db, user_id, unix_now()).await.map_err(store_failed)?;
        Ok(rows
            .into_iter()
            .map(|row| {
                let (browser, system) = device::parts(row.user_agent.as_deref());
                SessionView {
                    id: session_handle(&row.id),
                    created_at: row.created_at,
                    last_seen_at: row.last_seen_at.unwrap_or(row.created_at),
                    device: device::describe(row.user_agent.as_deref()),
                    browser: browser.map(str::to_owned),
                    system: system.map(str::to_owned),
                    user_agent: row.user_agent,
                    current: current == Some(row.id.as_str()),
                }
            })
            .collect())
    }

    /// Ends one of the caller's sessions, named by its handle. Another account's session,
    /// or one already ended, is `NotFound` alike.
    pub async fn revoke_session(&self, caller: &AuthUser, handle: &str, from: &Requester<'_>) -> Result<(), AuthError> {
        let rows = store::list_live_sessions(&self.db, caller.user.id, unix_now()).await.map_err(store_failed)?;
        let session_id =
            rows.into_iter().map(|row| row.id).find(|id| session_handle(id) == handle).ok_or(AuthError::NotFound)?;
        store::revoke_session(&self.db, &session_id, unix_now()).await.map_err(store_failed)?;
        self.sessions_ended(std::slice::from_ref(&session_id)).await;
        self.record(caller.user.id, Event::SessionRevoked, from).await;
        Ok(())
    }

    /// Ends every session of the caller's but the one this request came with.
    pub async fn revoke_other_sessions(&self, caller: &AuthUser, from: &Requester<'_>) -> Result<usize, AuthError> {
        let ended = store::credentials::rotate(&self.db, caller.user.id, Some(&caller.session_id), unix_now())
            .await
            .map_err(store_failed)?;
        self.sessions_ended(&ended).await;
        if !ended.is_empty() {
            self.record(caller.user.id, Event::SessionRevoked, from).await;
        }
        Ok(ended.len())
    }

    /// Sets a new password, given the current one. The new one follows the signup rules and
    /// is checked first, before any hashing; the current one is checked like a login.
    pub async fn change_password(
        &self,
        caller: &AuthUser,
        current: &str,
        new: &str,
        sign_out_others: bool,
        from: &Requester<'_>,
    ) -> Result<(), AuthError> {
        let user = &caller.user;
        let (email, username) = owner_identity(user)?;
        let new = self
            .new_password(new, &email, &username)
            .map_err(|error| invalid(FieldErrors { password: Some(error), ..Default::default() }))?;
        self.confirm_password(&email, current, from).await?;
        let hash = self.hasher.hash(new).await.map_err(hash_failed)?;
        let keep = Some(caller.session_id.as_str());
        let ended =
            store::credentials::change_password(&self.db, user.id, hash.as_str(), keep, sign_out_others, unix_now())
                .await
                .map_err(store_failed)?;
        self.sessions_ended(&ended).await;
        self.record(user.id, Event::PasswordChanged, from).await;
        if !ended.is_empty() {
            self.record(user.id, Event::SessionRevoked, from).await;
        }
        tracing::info!(event = "password_changed", user_id = user.id, sign_out_others, "password changed");
        Ok(())
    }

    /// Removes the account's password, given it, when another way in remains (a passkey, a
    /// linked provider, or sign-in by email where the deployment offers it and the address is
    /// proven): the password can no longer be guessed, phished or found in a breach. The
    /// last way in is never removed (`LastWayIn`); the owner is mailed.
    pub async fn remove_password(
        &self,
        caller: &AuthUser,
        password: &str,
        from: &Requester<'_>,
    ) -> Result<(), AuthError> {
        let user = self.fresh_user(caller.user.id).await?.ok_or(AuthError::Unauthenticated)?;
        if !user.password_hash.is_set() {
            return Err(AuthError::NotFound);
        }
        let (email, _) = owner_identity(&user)?;
        self.confirm_password(&email, password, from).await?;
        let notice =
            messages::factor_changed(user.language, &user.email, &user.username, FactorChange::PasswordRemoved);
        let removed = store::credentials::remove_password(&self.db, user.id, self.email_sign_in, unix_now(), &notice)
            .await
            .map_err(store_failed)?;
        match removed {
            Unlinked::Done(_) => {}
            Unlinked::NotFound => return Err(AuthError::NotFound),
            Unlinked::LastWayIn => return Err(AuthError::LastWayIn),
        }
        self.mailing.wake_sender();
        self.record(user.id, Event::PasswordRemoved, from).await;
        tracing::info!(event = "password_removed", user_id = user.id, "password removed");
        Ok(())
    }

    /// Deletes the account, its sessions and its history, given its password (an account
    /// without one: within the sudo window). Every token of the account stops working at
    /// once, and the email may sign up again.
    pub async fn delete_account(
        &self,
        caller: &AuthUser,
        password: &str,
        from: &Requester<'_>,
    ) -> Result<(), AuthError> {
        let (email, _) = owner_identity(&caller.user)?;
        match caller.user.password_hash.is_set() {
            true => self.confirm_password(&email, password, from).await?,
            // An account made by a provider has no password to give: a sign-in with it within
            // the sudo window is its proof instead.
            false if self.recently_authenticated(caller).await? => {}
            false => return Err(AuthError::ReauthenticationRequired),
        }
        let ended = owner::delete_user(&self.db, caller.user.id, &caller.user.email, &*self.hooks, None)
            .await
            .map_err(store_failed)?;
        self.sessions_ended(&ended).await;
        tracing::info!(event = "account_deleted", user_id = caller.user.id, "account deleted");
        Ok(())
    }

    /// The account's history, newest first: up to `limit` events older than `before`.
    pub async fn events(
        &self,
        caller: &AuthUser,
        before: Option<i64>,
        limit: u32,
    ) -> Result<Vec<EventView>, AuthError> {
        let limit = limit.clamp(1, MAX_EVENTS_PER_PAGE);
        store::events::list_events(&self.db, caller.user.id, before, limit).await.map_err(store_failed)
    }

    /// The caller's password, checked like a login. Wrong: `InvalidCredentials`.
    pub(in crate::auth::server) async fn confirm_password(
        &self,
        email: &Email,
        password: &str,
        from: &Requester<'_>,
    ) -> Result<(), AuthError> {
        let password = Password::parse(password).map_err(|_| AuthError::InvalidCredentials)?;
        match self.check_password(email, password, from).await? {
            Some(_) => Ok(()),
            None => Err(AuthError::InvalidCredentials),
        }
    }
}

/// The owner's email and username as the rules hold them. They were valid when stored.
pub(in crate::auth::server) fn owner_identity(user: &store::User) -> Result<(Email, Username), AuthError> {
    match (Email::parse(&user.email), Username::parse(&user.username)) {
        (Ok(email), Ok(username)) => Ok((email, username)),
        _ => {
            tracing::error!(user_id = user.id, "a stored email or username no longer parses");
            Err(AuthError::Internal)
        }
    }
}
