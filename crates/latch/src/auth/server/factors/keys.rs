//! The keys that protect second factors at rest, derived from `FACTOR_SECRET` (HKDF-SHA256):
//! one seals authenticator secrets (ChaCha20-Poly1305, the account's id as associated data,
//! so a sealed secret copied to another account's row does not open), one keys the HMAC that
//! recovery codes are stored as. Apart from the JWT secret, so that rotating one (which signs
//! everyone out) does not lock everyone out of their authenticator.

use std::sync::Arc;

use base64::{engine::general_purpose::STANDARD, Engine};
use chacha20poly1305::{
    aead::{Aead, AeadCore, KeyInit, OsRng, Payload},
    ChaCha20Poly1305, Key, Nonce,
};
use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// `FACTOR_SECRET`'s shortest length.
pub const MIN_FACTOR_SECRET_BYTES: usize = 32;
const NONCE_BYTES: usize = 12;

/// Why the factor keys cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum FactorKeyError {
    /// `FACTOR_SECRET` is shorter than 32 bytes.
    #[error("FACTOR_SECRET must be at least {MIN_FACTOR_SECRET_BYTES} bytes")]
    TooShort,
}

/// The keys that seal second-factor secrets at rest, derived from `FACTOR_SECRET`.
#[derive(Clone)]
pub struct FactorKeys(Arc<Keys>);

struct Keys {
    cipher: ChaCha20Poly1305,
    code_key: [u8; 32],
}

impl FactorKeys {
    /// Derives the keys from `secret` (32 bytes or more).
    pub fn new(secret: &[u8]) -> Result<Self, FactorKeyError> {
        if secret.len() < MIN_FACTOR_SECRET_BYTES {
            return Err(FactorKeyError::TooShort);
        }
        let hkdf = Hkdf::<Sha256>::new(Some(b"latch"), secret);
        let (mut seal_key, mut code_key) = ([0u8; 32], [0u8; 32]);
        // 32 bytes from a SHA-256 HKDF cannot fail (the limit is 255 blocks).
        hkdf.expand(b"latch/totp-secret/v1", &mut seal_key).expect("32 bytes");
        hkdf.expand(b"latch/recovery-code/v1", &mut code_key).expect("32 bytes");
        let cipher = ChaCha20Poly1305::new(Key::from_slice(&seal_key));
        Ok(Self(Arc::new(Keys { cipher, code_key })))
    }

    /// A fresh random nonce, then the ciphertext, base64.
    pub fn seal(&self, plaintext: &[u8], user_id: i64) -> String {
        let nonce = ChaCha20Poly1305::generate_nonce(&mut OsRng);
        let aad = user_id.to_be_bytes();
        // Encryption with a valid key and nonce does not fail for inputs this small.
        let sealed = self.0.cipher.encrypt(&nonce, Payload { msg: plaintext, aad: &aad }).expect("sealing succeeds");
        let mut bytes = nonce.to_vec();
        bytes.extend_from_slice(&sealed);
        STANDARD.encode(bytes)
    }

    /// The plaintext, if `sealed` was sealed with this key for this account.
    pub fn open(&self, sealed: &str, user_id: i64) -> Option<Vec<u8>> {
        let bytes = STANDARD.decode(sealed).ok()?;
        if bytes.len() <= NONCE_BYTES {
            return None;
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE_BYTES);
        let aad = user_id.to_be_bytes();
        self.0.cipher.decrypt(Nonce::from_slice(nonce), Payload { msg: ciphertext, aad: &aad }).ok()
    }

    /// How a recovery code is stored: HMAC-SHA256 of its normalized form, hex.
    pub fn recovery_code_hash(&self, normalized_code: &str) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.0.code_key).expect("any key length");
        mac.update(normalized_code.as_bytes());
        mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> FactorKeys {
        FactorKeys::new(b"a factor secret of at least thirty-two bytes").unwrap()
    }

    #[test]
    fn a_sealed_secret_opens_for_its_account_only_and_is_never_the_plaintext() {
        let sealed = keys().seal(b"JBSWY3DPEHPK3PXP", 7);
        assert!(!sealed.contains("JBSWY3DP"));
        assert_eq!(keys().open(&sealed, 7).as_deref(), Some(&b"JBSWY3DPEHPK3PXP"[..]));
        assert_eq!(keys().open(&sealed, 8), None, "bound to the account");
        let other = FactorKeys::new(b"another factor secret, also 32 bytes long").unwrap();
        assert_eq!(other.open(&sealed, 7), None, "bound to the key");
        assert_ne!(keys().seal(b"same", 7), keys().seal(b"same", 7), "a fresh nonce each time");
    }

    #[test]
    fn short_secrets_are_refused_and_code_hashes_depend_on_the_key() {
        assert!(FactorKeys::new(b"short").is_err());
        let other = FactorKeys::new(b"another factor secret, also 32 bytes long").unwrap();
        assert_ne!(keys().recovery_code_hash("abcd"), other.recovery_code_hash("abcd"));
        assert_eq!(keys().recovery_code_hash("abcd").len(), 64);
    }
}
