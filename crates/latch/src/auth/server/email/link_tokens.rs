//! One-time tokens for links sent by mail (verify an address, reset a password, confirm a new
//! address): 32 random bytes, shown once in the link and stored only as their SHA-256. The
//! hash's first 8 bytes find the row; the whole hash is then compared in constant time, so
//! how long a wrong token takes says nothing about a right one.

use std::time::Duration;

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use rand::RngCore;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// What a token lets its holder do, as the `purpose` column names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// Proves the address the account signed up with.
    VerifyEmail,
    /// Sets a new password.
    ResetPassword,
    /// Moves the account to the address it was mailed to.
    ChangeEmail,
}

impl Purpose {
    /// The purpose as the database stores it.
    pub fn name(self) -> &'static str {
        match self {
            Self::VerifyEmail => "verify_email",
            Self::ResetPassword => "reset_password",
            Self::ChangeEmail => "change_email",
        }
    }

    /// The purpose the database stored under `name`.
    pub fn from_name(name: &str) -> Option<Self> {
        [Self::VerifyEmail, Self::ResetPassword, Self::ChangeEmail].into_iter().find(|p| p.name() == name)
    }

    /// How long a link works: a reset is a key to the account, so it dies soon; proving an
    /// address can wait for the person to read their mail.
    pub fn lifetime(self) -> Duration {
        match self {
            Self::ResetPassword => Duration::from_secs(30 * 60),
            Self::VerifyEmail | Self::ChangeEmail => Duration::from_secs(24 * 3600),
        }
    }
}

/// How a token is found and checked: what the database keeps of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenDigest {
    /// The hash's first 8 bytes, hex: the indexed column.
    pub lookup: String,
    /// The whole SHA-256, hex.
    pub hash: String,
}

/// A new token: the text for the link (never stored) and its digest (stored).
pub struct OneTimeToken {
    /// What the link carries: the only copy, never stored.
    pub secret: String,
    /// What the database keeps to recognise it.
    pub digest: TokenDigest,
}

/// The length of a token in a link: 32 bytes in unpadded base64url.
const TOKEN_CHARS: usize = 43;

impl OneTimeToken {
    /// A new random token.
    pub fn generate() -> Self {
        let mut bytes = [0u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        let secret = URL_SAFE_NO_PAD.encode(bytes);
        let digest = digest_of(&bytes);
        Self { secret, digest }
    }
}

/// The digest of a token someone presented, or `None` if it cannot be a token of ours.
pub fn digest_presented(presented: &str) -> Option<TokenDigest> {
    let presented = presented.trim();
    if presented.len() != TOKEN_CHARS {
        return None;
    }
    let bytes = URL_SAFE_NO_PAD.decode(presented).ok()?;
    (bytes.len() == 32).then(|| digest_of(&bytes))
}

/// Whether a stored hash is the presented one, in time that does not depend on where they differ.
pub fn same_hash(stored: &str, presented: &TokenDigest) -> bool {
    stored.len() == presented.hash.len() && bool::from(stored.as_bytes().ct_eq(presented.hash.as_bytes()))
}

fn digest_of(bytes: &[u8]) -> TokenDigest {
    let hash: String = Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect();
    TokenDigest { lookup: hash[..16].to_owned(), hash }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_found_by_its_digest_and_only_its_digest_is_kept() {
        let token = OneTimeToken::generate();
        assert_eq!(token.secret.len(), TOKEN_CHARS);
        let presented = digest_presented(&token.secret).unwrap();
        assert_eq!(presented, token.digest);
        assert!(same_hash(&token.digest.hash, &presented));
        assert!(!token.digest.hash.contains(&token.secret));
    }

    #[test]
    fn anything_else_is_no_token() {
        let other = OneTimeToken::generate();
        let token = OneTimeToken::generate();
        assert!(!same_hash(&other.digest.hash, &digest_presented(&token.secret).unwrap()));
        assert!(digest_presented("").is_none());
        assert!(digest_presented(&token.secret[1..]).is_none());
        assert!(digest_presented(&format!("{}=", &token.secret[1..])).is_none());
        assert!(digest_presented(&"!".repeat(TOKEN_CHARS)).is_none());
    }

    #[test]
    fn purposes_round_trip_through_their_names() {
        for purpose in [Purpose::VerifyEmail, Purpose::ResetPassword, Purpose::ChangeEmail] {
            assert_eq!(Purpose::from_name(purpose.name()), Some(purpose));
        }
        assert_eq!(Purpose::ResetPassword.lifetime(), Duration::from_secs(1800));
        assert_eq!(Purpose::VerifyEmail.lifetime(), Duration::from_secs(86_400));
    }
}
