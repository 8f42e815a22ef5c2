//! An authenticator app: setting it up (its secret, shown as a QR code), turning it on with
//! a first code (and ten recovery codes, shown once), turning it off, and its status.

use rand::Rng;

use super::second_step::normalize_recovery_code;
use crate::auth::error::AuthError;
use crate::auth::server::{
    account::event::Event,
    account::owner_identity,
    clock::unix_now,
    email::messages,
    factors::totp,
    failures::store_failed,
    service::{AuthService, AuthUser, Requester},
    store::{self, factors},
};

/// How many recovery codes an authenticator comes with.
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
    /// The `otpauth://` URI an app reads from the QR code.
    pub otpauth_uri: String,
    /// The URI as a QR code, an SVG document drawn here.
    pub qr_svg: String,
}

/// How the second factor's status reads on the account page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FactorStatus {
    /// Whether an authenticator app is on.
    pub totp_enabled: bool,
    /// Recovery codes not used yet.
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
        let notice =
            messages::factor_changed(user.language, &user.email, &user.username, messages::FactorChange::TotpOn);
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
        let notice =
            messages::factor_changed(user.language, &user.email, &user.username, messages::FactorChange::TotpOff);
        factors::disable_totp(&self.db, user.id, unix_now(), &notice).await.map_err(store_failed)?;
        self.mailing.wake_sender();
        self.record(user.id, Event::TotpDisabled, from).await;
        tracing::info!(event = "totp_disabled", user_id = user.id, "second factor disabled");
        Ok(())
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
