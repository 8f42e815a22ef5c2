//! The rules that go through the account's mailbox: proving the address, resetting a
//! forgotten password, moving to a new address (here); the links' one-time tokens
//! (`link_tokens`), where links point and waking the sender (`mailing`), every message's words
//! (`messages`).
//!
//! Every link carries a one-time token (`link_tokens.rs`); opening a link changes nothing (mail
//! scanners open links), the page's form does. Every message is written to the outbox in the
//! transaction of the change that causes it, and sent by the mail worker.

pub mod link_tokens;
pub mod mailing;
pub mod messages;
pub(crate) mod words;

use crate::auth::server::{
    account::event::Event,
    account::owner_identity,
    clock::unix_now,
    email::link_tokens::{digest_presented, same_hash, OneTimeToken, Purpose},
    failures::{email_hash, hash_failed, invalid, store_failed, throttle_refused},
    service::{AuthService, AuthUser, Requester},
    store::{
        self,
        email::{NewToken, TokenRow},
        StoreError, User,
    },
    throttle::Key,
};
use crate::auth::{
    account::AccountView,
    error::{AuthError, FieldErrors},
    validate::{Email, FieldError},
};
use crate::i18n::Lang;

/// Where each link of a message leads: a page with a form, whose submit uses the token.
pub const VERIFY_EMAIL_PATH: &str = "/verify-email";
/// Where a reset link leads: the page with the new-password form.
pub const RESET_PASSWORD_PATH: &str = "/reset-password";
/// How long a confirmation holds its link while it hashes (far longer than a hash waits).
const CLAIM_SECS: i64 = 60;

/// What a verification link did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddressProof {
    /// The account's address is proven.
    Verified,
    /// The account moved to the address the link went to.
    Changed,
}

/// What asking for the verification mail again did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resent {
    /// A new link is on its way.
    Sent,
    /// The address is proven already: nothing was sent.
    AlreadyVerified,
}

impl AuthService {
    /// The caller's account, read from the database (not the session cache), so that a
    /// just-confirmed address shows as confirmed.
    pub async fn account(&self, caller: &AuthUser) -> Result<AccountView, AuthError> {
        let user = self.fresh_user(caller.user.id).await?.ok_or(AuthError::Unauthenticated)?;
        Ok(AccountView {
            id: user.id,
            email: user.email,
            username: user.username,
            created_at: user.created_at,
            email_verified: user.email_verified_at.is_some(),
            language: user.language.tag().to_owned(),
            roles: user.roles,
            password_breached: user.password_breached_at.is_some(),
            notify_new_device: user.notify_new_device,
            has_password: user.password_hash.is_set(),
        })
    }

    /// A verification link for a new account: the token to store and the mail to send.
    pub(in crate::auth::server) fn verification_mail(
        &self,
        email: &str,
        username: &str,
        language: Lang,
    ) -> (OneTimeToken, store::outbox::Mail) {
        let token = OneTimeToken::generate();
        let link = self.mailing.link(VERIFY_EMAIL_PATH, &token.secret);
        let mail = messages::verify_address(language, email, username, &link);
        (token, mail)
    }

    /// Mails a new verification link (the older ones stop working), unless the address is
    /// proven already. Throttled per account.
    pub async fn resend_verification(&self, caller: &AuthUser, from: &Requester<'_>) -> Result<Resent, AuthError> {
        let user = self.fresh_user(caller.user.id).await?.ok_or(AuthError::Unauthenticated)?;
        if user.email_verified_at.is_some() {
            return Ok(Resent::AlreadyVerified);
        }
        let keys = [Key::VerificationMailsForAccount(user.id)];
        self.throttle.reserve(&keys).await.map_err(|refused| throttle_refused("verification_mail", refused))?;
        let (token, mail) = self.verification_mail(&user.email, &user.username, user.language);
        let stored = NewToken::for_address(&token, Purpose::VerifyEmail, &user.email, unix_now());
        store::email::issue_token(&self.db, user.id, &stored, &mail).await.map_err(store_failed)?;
        self.mailing.wake_sender();
        tracing::info!(event = "verification_mail_queued", user_id = user.id, source = %from.address, "verification link queued");
        Ok(Resent::Sent)
    }

    /// "Forgot your password?": the answer is the same whether or not an account has this
    /// email, in status, body and time. Only the throttle's check runs before answering; the
    /// lookup and the mail happen after, in a task of their own, so nothing about the
    /// account can be timed. (A process killed in the microseconds between the answer and
    /// that task's commit loses the request; the person asks again.)
    pub async fn request_password_reset(&self, email: &str, from: &Requester<'_>) -> Result<(), AuthError> {
        let email = Email::parse(email).map_err(|e| invalid(FieldErrors { email: Some(e), ..Default::default() }))?;
        let keys = [
            Key::PasswordResetsFromAddress(from.address.into()),
            Key::PasswordResetsForEmail(email.as_str().to_owned()),
        ];
        self.throttle.reserve(&keys).await.map_err(|refused| throttle_refused("password_reset", refused))?;
        let service = self.clone();
        let (address, user_agent) = (from.address, from.user_agent.map(str::to_owned));
        tokio::spawn(async move {
            let from = Requester { address, user_agent: user_agent.as_deref(), device: None };
            if let Err(error) = service.mail_reset_link(&email, &from).await {
                tracing::error!(?error, email_hash = %email_hash(email.as_str()), "cannot queue a password reset");
            }
        });
        Ok(())
    }

    pub(in crate::auth::server) async fn mail_reset_link(
        &self,
        email: &Email,
        from: &Requester<'_>,
    ) -> Result<(), AuthError> {
        let Some(user) = store::find_user_by_email(&self.db, email.as_str()).await.map_err(store_failed)? else {
            tracing::info!(event = "password_reset_unknown", email_hash = %email_hash(email.as_str()), "no account: no mail");
            return Ok(());
        };
        let token = OneTimeToken::generate();
        let link = self.mailing.link(RESET_PASSWORD_PATH, &token.secret);
        let mail = messages::reset_password(user.language, &user.email, &user.username, &link);
        let stored = NewToken::for_address(&token, Purpose::ResetPassword, &user.email, unix_now());
        store::email::issue_token(&self.db, user.id, &stored, &mail).await.map_err(store_failed)?;
        self.mailing.wake_sender();
        self.record(user.id, Event::PasswordResetRequested, from).await;
        tracing::info!(event = "password_reset_queued", user_id = user.id, "password reset link queued");
        Ok(())
    }

    /// Sets a new password with a reset link's token. The new password is checked (signup's
    /// rules) before the token is used, so a weak one costs the person nothing. Success ends
    /// every session, proves the address, records the event and mails a notice.
    pub async fn reset_password(&self, token: &str, new: &str, from: &Requester<'_>) -> Result<(), AuthError> {
        let row = self.live_token(token, &[Purpose::ResetPassword]).await?;
        let user = self.fresh_user(row.user_id).await?.ok_or(AuthError::InvalidToken)?;
        if user.disabled_at.is_some() {
            return Err(AuthError::AccountDisabled);
        }
        let (email, username) = owner_identity(&user)?;
        let new = self
            .new_password(new, &email, &username)
            .map_err(|error| invalid(FieldErrors { password: Some(error), ..Default::default() }))?;
        // One confirmation of a link hashes at a time: the others are refused before they
        // reach the hashing queue, which a shared link could otherwise fill.
        let now = unix_now();
        if !store::email::claim_token(&self.db, row.id, now, now + CLAIM_SECS).await.map_err(store_failed)? {
            return Err(AuthError::InvalidToken);
        }
        // The first proof of the address: what was added to the account before it may be an
        // intruder's who signed up with someone else's address (pre-hijacking).
        let first_proof = user.email_verified_at.is_none();
        let used = async {
            let hash = self.hasher.hash(new).await.map_err(hash_failed)?;
            let notice = messages::password_was_reset(user.language, &user.email, &user.username, first_proof);
            store::email::reset_password(&self.db, row.id, user.id, &row.email, &hash, first_proof, unix_now(), &notice)
                .await
                .map_err(store_failed)?
                .ok_or(AuthError::InvalidToken)
        }
        .await;
        // A use that changed nothing (too busy to hash, or the account left the address the
        // link went to) gives the claim back; a spent token has nothing left to give.
        let ended = match used {
            Ok(ended) => ended,
            Err(error) => {
                if let Err(error) = store::email::release_claim(&self.db, row.id).await {
                    tracing::warn!(%error, "cannot give back a reset link's claim: it expires on its own");
                }
                return Err(error);
            }
        };
        self.sessions_ended(&ended).await;
        self.mailing.wake_sender();
        self.record(user.id, Event::PasswordReset, from).await;
        if first_proof {
            self.record(user.id, Event::FactorsRemovedUnproven, from).await;
        }
        tracing::info!(event = "password_reset", user_id = user.id, sessions_ended = ended.len(), "password reset");
        Ok(())
    }

    /// Uses a verification link's token: proves the account's address, or, for a link sent
    /// to a new address, moves the account there and tells the old address.
    pub async fn verify_email(&self, token: &str, from: &Requester<'_>) -> Result<AddressProof, AuthError> {
        let row = self.live_token(token, &[Purpose::VerifyEmail, Purpose::ChangeEmail]).await?;
        let now = unix_now();
        if Purpose::from_name(&row.purpose) == Some(Purpose::VerifyEmail) {
            let verified = store::email::verify_email(&self.db, row.id, row.user_id, &row.email, now)
                .await
                .map_err(store_failed)?;
            if !verified {
                return Err(AuthError::InvalidToken);
            }
            self.record(row.user_id, Event::EmailVerified, from).await;
            tracing::info!(event = "email_verified", user_id = row.user_id, "address verified");
            return Ok(AddressProof::Verified);
        }
        let user = self.fresh_user(row.user_id).await?.ok_or(AuthError::InvalidToken)?;
        let notice = messages::address_was_changed(user.language, &user.email, &user.username, &row.email);
        let changed = store::email::change_email(&self.db, row.id, user.id, &user.email, &row.email, now, &notice)
            .await
            .map_err(|error| match error {
                StoreError::EmailTaken => AuthError::EmailTaken,
                error => store_failed(error),
            })?;
        if !changed {
            return Err(AuthError::InvalidToken);
        }
        self.mailing.wake_sender();
        self.record(user.id, Event::EmailChanged, from).await;
        tracing::info!(event = "email_changed", user_id = user.id, "address changed");
        Ok(AddressProof::Changed)
    }

    /// Asks to move the account to `new_email`, given the password: a link goes to the new
    /// address, and nothing changes until it is used. Throttled per account (each asks for a
    /// mail). An address another account has gets the same answer and no mail, so this door
    /// tells no one which addresses are registered; the move could never complete anyway.
    pub async fn request_email_change(
        &self,
        caller: &AuthUser,
        new_email: &str,
        password: &str,
        from: &Requester<'_>,
    ) -> Result<(), AuthError> {
        let field = |error: FieldError| invalid(FieldErrors { email: Some(error), ..Default::default() });
        let new_email = Email::parse(new_email).map_err(field)?;
        let user = self.fresh_user(caller.user.id).await?.ok_or(AuthError::Unauthenticated)?;
        if new_email.as_str() == user.email {
            return Err(field(FieldError::EmailUnchanged));
        }
        let (email, _) = owner_identity(&user)?;
        self.confirm_password(&email, password, from).await?;
        let keys = [Key::AddressChangesForAccount(user.id)];
        self.throttle.reserve(&keys).await.map_err(|refused| throttle_refused("address_change", refused))?;
        if store::find_user_by_email(&self.db, new_email.as_str()).await.map_err(store_failed)?.is_some() {
            tracing::info!(event = "email_change_to_taken", user_id = user.id, "address taken: no mail");
            return Ok(());
        }
        let token = OneTimeToken::generate();
        let link = self.mailing.link(VERIFY_EMAIL_PATH, &token.secret);
        let mail = messages::confirm_new_address(user.language, new_email.as_str(), &user.username, &link);
        let stored = NewToken::for_address(&token, Purpose::ChangeEmail, new_email.as_str(), unix_now());
        store::email::issue_token(&self.db, user.id, &stored, &mail).await.map_err(store_failed)?;
        self.mailing.wake_sender();
        tracing::info!(event = "email_change_requested", user_id = user.id, "confirmation link queued");
        Ok(())
    }

    /// The stored token a presented one matches, if it is live and of one of `purposes`.
    /// Unknown, malformed, expired, used and replaced tokens are all `InvalidToken`.
    async fn live_token(&self, presented: &str, purposes: &[Purpose]) -> Result<TokenRow, AuthError> {
        let digest = digest_presented(presented).ok_or(AuthError::InvalidToken)?;
        let rows =
            store::email::find_tokens(&self.db, &digest.lookup, purposes, unix_now()).await.map_err(store_failed)?;
        rows.into_iter().find(|row| same_hash(&row.token_hash, &digest)).ok_or(AuthError::InvalidToken)
    }

    pub(in crate::auth::server) async fn fresh_user(&self, user_id: i64) -> Result<Option<User>, AuthError> {
        store::find_user_by_id(&self.db, user_id).await.map_err(store_failed)
    }
}

impl<'a> NewToken<'a> {
    /// The stored half of `token`, for a link mailed to `email` at `now`.
    pub fn for_address(token: &'a OneTimeToken, purpose: Purpose, email: &'a str, now: i64) -> Self {
        Self { purpose, lookup: &token.digest.lookup, hash: &token.digest.hash, email, created_at: now }
    }
}
