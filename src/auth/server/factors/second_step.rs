//! Second factors: setting up an authenticator app, its recovery codes, and the second step
//! of a login for an account that has one. A fifth `impl AuthService`.
//!
//! A right password for such an account opens no session: it gives a challenge (a one-time
//! token, 5 minutes, 5 attempts, single use), and the second step takes it with an
//! authenticator code or a recovery code. A wrong password answers exactly as before, so only
//! someone who has the password learns that the account has a second factor.

use rand::Rng;
use subtle::ConstantTimeEq;

use crate::auth::error::AuthError;
use crate::auth::server::{
    account::event::Event,
    account::owner_identity,
    clock::unix_now,
    email::link_tokens::{digest_presented, OneTimeToken},
    email::messages,
    factors::totp,
    failures::{store_failed, throttle_refused},
    service::{AuthService, AuthUser, IssuedSession, Requester},
    store::{self, factors, User},
    throttle::{Key, Refused},
};

/// How long the second step may wait after the password.
const CHALLENGE_SECS: i64 = 300;
pub const RECOVERY_CODES: usize = 10;
/// Recovery codes avoid characters people confuse (0/o, 1/l/i).
const CODE_ALPHABET: &[u8] = b"23456789abcdefghjkmnpqrstuvwxyz";
const CODE_GROUPS: usize = 3;
const CODE_GROUP_CHARS: usize = 4;

/// A new authenticator, before its first code: what the person scans or types.
#[derive(Clone, Debug)]
pub struct TotpSetup {
    /// Base32, as apps take it typed in.
    pub secret: String,
    pub otpauth_uri: String,
    /// The URI as a QR code, an SVG document drawn here.
    pub qr_svg: String,
}

/// What a right password leads to.
pub enum LoginOutcome {
    /// No second factor: signed in.
    Session(IssuedSession),
    /// The second step is needed: the challenge to present with a code.
    SecondFactor { challenge: String },
}

/// A completed second step.
pub struct SecondStep {
    pub session: IssuedSession,
    /// When a recovery code was used: how many are left.
    pub recovery_codes_left: Option<usize>,
}

/// How the second factor's status reads on the account page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FactorStatus {
    pub totp_enabled: bool,
    pub recovery_codes_left: usize,
}

impl AuthService {
    /// Whether the caller has an authenticator, and how many recovery codes are unused.
    pub async fn factor_status(&self, caller: &AuthUser) -> Result<FactorStatus, AuthError> {
        let user_id = caller.user.id;
        let totp_enabled = factors::has_second_factor(&self.db, user_id).await.map_err(store_failed)?;
        let left = factors::unused_recovery_codes(&self.db, user_id).await.map_err(store_failed)?.len();
        Ok(FactorStatus { totp_enabled, recovery_codes_left: if totp_enabled { left } else { 0 } })
    }

    /// A new authenticator secret, not active until `enable_totp` sees a right code. Asking
    /// again replaces a secret that never got one; an enabled authenticator stays.
    pub async fn setup_totp(&self, caller: &AuthUser) -> Result<TotpSetup, AuthError> {
        let user = &caller.user;
        let secret = totp::new_secret();
        let sealed = self.factor_keys.seal(&secret, user.id);
        if !factors::put_pending_totp(&self.db, user.id, &sealed, unix_now()).await.map_err(store_failed)? {
            return Err(AuthError::FactorExists);
        }
        Ok(setup_of(&secret, &user.email))
    }

    /// The secret set up and not yet enabled, if any (the page shows it again after a reload).
    pub async fn pending_totp(&self, caller: &AuthUser) -> Result<Option<TotpSetup>, AuthError> {
        let user = &caller.user;
        let Some(row) = factors::totp_of(&self.db, user.id).await.map_err(store_failed)? else { return Ok(None) };
        if row.enabled_at.is_some() {
            return Ok(None);
        }
        Ok(self.open_secret(&row.secret_sealed, user.id).map(|secret| setup_of(&secret, &user.email)))
    }

    /// Turns the authenticator on, given the password and a code from it; answers the ten
    /// recovery codes, shown this once (only their HMACs are kept).
    pub async fn enable_totp(
        &self,
        caller: &AuthUser,
        code: &str,
        password: &str,
        from: &Requester<'_>,
    ) -> Result<Vec<String>, AuthError> {
        let user = &caller.user;
        let (email, _) = owner_identity(user)?;
        self.confirm_password(&email, password, from).await?;
        let row = factors::totp_of(&self.db, user.id).await.map_err(store_failed)?;
        let Some(row) = row.filter(|row| row.enabled_at.is_none()) else {
            return Err(if row_is_enabled(&self.db, user.id).await? {
                AuthError::FactorExists
            } else {
                AuthError::NotFound
            });
        };
        let secret = self.open_secret(&row.secret_sealed, user.id).ok_or(AuthError::Internal)?;
        let step = totp::matching_step(&secret, code, unix_now() as u64).ok_or(AuthError::InvalidCode)?;
        let codes = new_recovery_codes();
        let hashes: Vec<String> =
            codes.iter().map(|code| self.factor_keys.recovery_code_hash(&normalize_recovery_code(code))).collect();
        let notice = messages::factor_changed(&user.email, &user.username, "An authenticator app was turned on");
        let now = unix_now();
        let enabled = factors::enable_totp(&self.db, user.id, &row.secret_sealed, step as i64, &hashes, now, &notice)
            .await
            .map_err(store_failed)?;
        if !enabled {
            // Enabled meanwhile, or the secret this code proves was replaced by a newer setup.
            return Err(if row_is_enabled(&self.db, user.id).await? {
                AuthError::FactorExists
            } else {
                AuthError::InvalidCode
            });
        }
        self.mailing.wake_sender();
        self.record(user.id, Event::TotpEnabled, from).await;
        tracing::info!(event = "totp_enabled", user_id = user.id, "second factor enabled");
        Ok(codes)
    }

    /// Turns the authenticator off, given the password and a code (from the app, or a
    /// recovery code); its recovery codes go with it.
    pub async fn disable_totp(
        &self,
        caller: &AuthUser,
        code: &str,
        password: &str,
        from: &Requester<'_>,
    ) -> Result<(), AuthError> {
        let user = &caller.user;
        let (email, _) = owner_identity(user)?;
        self.confirm_password(&email, password, from).await?;
        if !factors::has_second_factor(&self.db, user.id).await.map_err(store_failed)? {
            return Err(AuthError::NotFound);
        }
        self.check_code(user, code, from).await?;
        let notice = messages::factor_changed(&user.email, &user.username, "The authenticator app was turned off");
        factors::disable_totp(&self.db, user.id, unix_now(), &notice).await.map_err(store_failed)?;
        self.mailing.wake_sender();
        self.record(user.id, Event::TotpDisabled, from).await;
        tracing::info!(event = "totp_disabled", user_id = user.id, "second factor disabled");
        Ok(())
    }

    /// After a right password: a session, or, for an account with a second factor, a challenge.
    pub(in crate::auth::server) async fn after_password(
        &self,
        user: &User,
        from: &Requester<'_>,
    ) -> Result<LoginOutcome, AuthError> {
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
    async fn check_code(&self, user: &User, code: &str, from: &Requester<'_>) -> Result<Option<usize>, AuthError> {
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
        let notice = messages::recovery_code_used(&user.email, &user.username, left);
        if let Err(error) = store::outbox::insert(&self.db, &notice, user.id, unix_now()).await {
            tracing::error!(?error, user_id = user.id, "cannot queue the recovery code notice");
        }
        self.mailing.wake_sender();
        self.record(user.id, Event::RecoveryCodeUsed, from).await;
        tracing::info!(event = "recovery_code_used", user_id = user.id, left, "recovery code used");
        Ok(Some(left))
    }

    fn open_secret(&self, sealed: &str, user_id: i64) -> Option<Vec<u8>> {
        let opened = self.factor_keys.open(sealed, user_id);
        if opened.is_none() {
            tracing::error!(user_id, "an authenticator secret does not open: was FACTOR_SECRET changed?");
        }
        opened
    }
}

async fn row_is_enabled(db: &store::Db, user_id: i64) -> Result<bool, AuthError> {
    factors::has_second_factor(db, user_id).await.map_err(store_failed)
}

fn setup_of(secret: &[u8], account: &str) -> TotpSetup {
    let otpauth_uri = totp::otpauth_uri(secret, account);
    TotpSetup { secret: totp::secret_text(secret), qr_svg: totp::qr_svg(&otpauth_uri), otpauth_uri }
}

/// Ten codes like `7kq2-mwx9-p3tb`: about 58 bits each.
fn new_recovery_codes() -> Vec<String> {
    let mut rng = rand::rng();
    (0..RECOVERY_CODES)
        .map(|_| {
            (0..CODE_GROUPS)
                .map(|_| {
                    (0..CODE_GROUP_CHARS)
                        .map(|_| CODE_ALPHABET[rng.random_range(0..CODE_ALPHABET.len())] as char)
                        .collect::<String>()
                })
                .collect::<Vec<_>>()
                .join("-")
        })
        .collect()
}

/// What a recovery code is compared as: lower case, without spaces or dashes.
fn normalize_recovery_code(code: &str) -> String {
    code.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_codes_are_ten_distinct_readable_codes_typed_any_way() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), 10);
        assert_eq!(codes.iter().collect::<std::collections::HashSet<_>>().len(), 10);
        for code in &codes {
            assert_eq!(code.len(), 14);
            assert!(code.chars().all(|c| c == '-' || CODE_ALPHABET.contains(&(c as u8))), "{code}");
        }
        assert_eq!(normalize_recovery_code(" 7KQ2 mwx9-P3TB "), "7kq2mwx9p3tb");
    }
}
