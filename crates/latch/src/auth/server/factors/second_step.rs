//! The second step of a login for an account with a second factor, and judging its codes
//! (an authenticator's, or a recovery code).
//!
//! A right password for such an account opens no session: it gives a challenge (a one-time
//! token, 5 minutes, 5 attempts, single use), and the second step takes it with an
//! authenticator code or a recovery code. A wrong password answers exactly as before, so only
//! someone who has the password learns that the account has a second factor.

use subtle::ConstantTimeEq;

use crate::auth::error::AuthError;
use crate::auth::server::{
    account::event::Event,
    clock::unix_now,
    email::link_tokens::{digest_presented, OneTimeToken},
    email::messages,
    factors::totp,
    failures::{store_failed, throttle_refused},
    service::{AuthService, IssuedSession, Requester},
    store::{self, factors, User},
    throttle::{Key, Refused},
};

/// How long the second step may wait after the password.
const CHALLENGE_SECS: i64 = 300;
/// What a right password leads to.
pub enum LoginOutcome {
    /// No second factor: signed in.
    Session(IssuedSession),
    /// The second step is needed: the challenge to present with a code.
    SecondFactor {
        /// Names this login's second step; single use, short-lived.
        challenge: String,
    },
}

/// A completed second step.
pub struct SecondStep {
    /// The session the second step opened.
    pub session: IssuedSession,
    /// When a recovery code was used: how many are left.
    pub recovery_codes_left: Option<usize>,
}

impl AuthService {
    /// After a right password: a session, or, for an account with a second factor, a challenge.
    pub(in crate::auth::server) async fn after_password(
        &self,
        user: &User,
        from: &Requester<'_>,
    ) -> Result<LoginOutcome, AuthError> {
        if user.disabled_at.is_some() {
            // Said after the right password only: a guess learns nothing of the account.
            return Err(AuthError::AccountDisabled);
        }
        if !factors::has_second_factor(&self.db, user.id).await.map_err(store_failed)? {
            return Ok(LoginOutcome::Session(self.start_session(user, from).await?));
        }
        let challenge = OneTimeToken::generate();
        let now = unix_now();
        factors::insert_challenge(&self.db, &challenge.digest.hash, user.id, now, now + CHALLENGE_SECS)
            .await
            .map_err(store_failed)?;
        tracing::info!(event = "second_factor_challenged", user_id = user.id, "password right, second factor asked");
        Ok(LoginOutcome::SecondFactor { challenge: challenge.secret })
    }

    /// The second step: a live challenge and a right code open a session. Each try counts
    /// against the challenge's five; a code is accepted once.
    pub async fn second_factor(
        &self,
        challenge: &str,
        code: &str,
        from: &Requester<'_>,
    ) -> Result<SecondStep, AuthError> {
        let digest = digest_presented(challenge).ok_or(AuthError::InvalidChallenge)?;
        let now = unix_now();
        let user_id = factors::attempt_challenge(&self.db, &digest.hash, now)
            .await
            .map_err(store_failed)?
            .ok_or(AuthError::InvalidChallenge)?;
        let user = store::find_user_by_id(&self.db, user_id)
            .await
            .map_err(store_failed)?
            .ok_or(AuthError::InvalidChallenge)?;
        let recovery_codes_left = match self.check_code(&user, code, from).await {
            Ok(left) => left,
            Err(error) => {
                self.record(user.id, Event::LoginFailed, from).await;
                return Err(error);
            }
        };
        if !factors::close_challenge(&self.db, &digest.hash, now).await.map_err(store_failed)? {
            return Err(AuthError::InvalidChallenge);
        }
        let session = self.start_session(&user, from).await?;
        Ok(SecondStep { session, recovery_codes_left })
    }

    /// A code from the authenticator (six digits) or a recovery code, spent if right.
    /// `Some(left)` when it was a recovery code. Throttled before it is judged: each try is
    /// reserved from the account's bucket (across every challenge and door) and the
    /// address's; a right code gives it back, a wrong one stays spent.
    pub(super) async fn check_code(
        &self,
        user: &User,
        code: &str,
        from: &Requester<'_>,
    ) -> Result<Option<usize>, AuthError> {
        let keys =
            [Key::SecondStepFailuresForAccount(user.id), Key::SecondStepFailuresFromAddress(from.address.into())];
        if let Err(refused) = self.throttle.reserve(&keys).await {
            if let Refused::Wait(_) = refused {
                self.record_throttled(user.id, from).await;
            }
            return Err(throttle_refused("second_step", refused));
        }
        let judged = self.judge_code(user, code, from).await;
        if !matches!(judged, Err(AuthError::InvalidCode)) {
            self.throttle.refund(&keys).await;
        }
        judged
    }

    async fn judge_code(&self, user: &User, code: &str, from: &Requester<'_>) -> Result<Option<usize>, AuthError> {
        let code = code.trim();
        if code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()) {
            let row = factors::totp_of(&self.db, user.id).await.map_err(store_failed)?;
            let row = row.filter(|row| row.enabled_at.is_some()).ok_or(AuthError::InvalidCode)?;
            let secret = self.open_secret(&row.secret_sealed, user.id).ok_or(AuthError::Internal)?;
            let step = totp::matching_step(&secret, code, unix_now() as u64).ok_or(AuthError::InvalidCode)?;
            return match factors::spend_step(&self.db, user.id, step as i64).await.map_err(store_failed)? {
                true => Ok(None),
                false => {
                    tracing::warn!(event = "totp_replayed", user_id = user.id, "an authenticator code was used again");
                    Err(AuthError::InvalidCode)
                }
            };
        }
        let presented = self.factor_keys.recovery_code_hash(&normalize_recovery_code(code));
        let unused = factors::unused_recovery_codes(&self.db, user.id).await.map_err(store_failed)?;
        let mut matched = None;
        for row in &unused {
            if bool::from(row.code_hash.as_bytes().ct_eq(presented.as_bytes())) {
                matched = Some(row.id);
            }
        }
        let id = matched.ok_or(AuthError::InvalidCode)?;
        if !factors::spend_recovery_code(&self.db, id, unix_now()).await.map_err(store_failed)? {
            return Err(AuthError::InvalidCode);
        }
        let left = unused.len() - 1;
        let notice = messages::recovery_code_used(user.language, &user.email, &user.username, left);
        if let Err(error) = store::outbox::insert(&self.db, &notice, user.id, unix_now()).await {
            tracing::error!(?error, user_id = user.id, "cannot queue the recovery code notice");
        }
        self.mailing.wake_sender();
        self.record(user.id, Event::RecoveryCodeUsed, from).await;
        tracing::info!(event = "recovery_code_used", user_id = user.id, left, "recovery code used");
        Ok(Some(left))
    }

    pub(super) fn open_secret(&self, sealed: &str, user_id: i64) -> Option<Vec<u8>> {
        let opened = self.factor_keys.open(sealed, user_id);
        if opened.is_none() {
            tracing::error!(user_id, "an authenticator secret does not open: was FACTOR_SECRET changed?");
        }
        opened
    }
}

/// What a recovery code is compared as: lower case, without spaces or dashes.
pub(super) fn normalize_recovery_code(code: &str) -> String {
    code.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect()
}
