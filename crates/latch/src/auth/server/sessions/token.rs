//! The JWT: claims, signing and checking. A valid signature is necessary but not sufficient:
//! the session named by `jti` must also be live (see `service::authenticate`).

use std::time::Duration;

use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

/// The `iss` every token carries.
pub const ISSUER: &str = "latch";
/// The `aud` every token carries.
pub const AUDIENCE: &str = "latch";
/// Clock skew forgiven on `exp`, small and explicit.
const LEEWAY_SECS: u64 = 5;
/// HS256's key is as strong as its secret: RFC 7518 asks for at least the hash size.
pub const MIN_SECRET_BYTES: usize = 32;

/// A token's claims: whose session, which session, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The user id, as a string (RFC 7519). Not the email: an email can change.
    pub sub: String,
    /// The session id.
    pub jti: String,
    /// Issued at, Unix seconds.
    pub iat: i64,
    /// Expires at, Unix seconds.
    pub exp: i64,
    /// Always [`ISSUER`].
    pub iss: String,
    /// Always [`AUDIENCE`].
    pub aud: String,
}

/// Why a token cannot be made or is refused.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    /// The signing secret is too short.
    #[error("the JWT secret (JWT_SECRET, or the generated file) must be at least {MIN_SECRET_BYTES} bytes")]
    WeakSecret,
    /// Signing failed.
    #[error("cannot sign a token: {0}")]
    Sign(jsonwebtoken::errors::Error),
    /// The signature, the algorithm or a claim is wrong.
    #[error("token refused: {0}")]
    Refused(jsonwebtoken::errors::Error),
    /// The subject is not an account id.
    #[error("token subject is not a user id")]
    Subject,
    /// The token's `exp` has passed.
    #[error("token expired")]
    Expired,
}

/// What a good token says that the session lookup needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedToken {
    /// Whose session.
    pub user_id: i64,
    /// Which session: the token's `jti`.
    pub session_id: String,
    /// When the token expires, Unix seconds.
    pub exp: i64,
}

/// Good tokens, by their exact text. A token's signature and claims are a function of its
/// text, so the same text presented again needs no second HMAC and JSON parse (together two
/// fifths of a cached `/auth/me`); only time changes the answer, so an entry is used only
/// until its token expires. A text differing by one byte is another key: checked in full.
/// Only tokens that passed every check get in, so the map cannot be filled by guessing.
#[derive(Default)]
struct CheckedTokens(std::sync::Mutex<std::collections::HashMap<Box<str>, CheckedToken>>);

/// Past this many entries the map is emptied; busy clients check their token once more.
const CHECKED_CAPACITY: usize = 20_000;

impl CheckedTokens {
    fn lock(&self) -> std::sync::MutexGuard<'_, std::collections::HashMap<Box<str>, CheckedToken>> {
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Signs and checks tokens with one secret. Cloned with the account service for every
/// request, so the keys and the validation rules (which hold hash sets) sit behind one `Arc`:
/// a clone is a reference count, not four allocations.
#[derive(Clone)]
pub struct TokenKeys(std::sync::Arc<Keys>);

/// The signing and verifying keys, and how long a token lives.
pub struct Keys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    ttl: Duration,
    checked: CheckedTokens,
}

impl std::ops::Deref for TokenKeys {
    type Target = Keys;

    fn deref(&self) -> &Keys {
        &self.0
    }
}

impl TokenKeys {
    /// Keys from `secret` (32 bytes or more); tokens live `ttl`.
    pub fn new(secret: &[u8], ttl: Duration) -> Result<Self, TokenError> {
        if secret.len() < MIN_SECRET_BYTES {
            return Err(TokenError::WeakSecret);
        }
        // Pinned to HS256: a token naming any other algorithm (`none`, RS256...) is refused.
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "sub", "iss", "aud"]);
        validation.leeway = LEEWAY_SECS;
        validation.validate_exp = true;
        // RFC 7519: a token whose `nbf` is still in the future must not be accepted yet. We
        // never issue one, so such a token was made elsewhere.
        validation.validate_nbf = true;
        Ok(Self(std::sync::Arc::new(Keys {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            ttl,
            checked: CheckedTokens::default(),
        })))
    }

    /// How long a token lives.
    pub fn ttl(&self) -> Duration {
        self.ttl
    }

    /// A token for `user_id`'s session `session_id`, issued at `now` (Unix seconds).
    pub fn issue(&self, user_id: i64, session_id: &str, now: i64) -> Result<String, TokenError> {
        let claims = Claims {
            sub: user_id.to_string(),
            jti: session_id.to_owned(),
            iat: now,
            exp: now + self.ttl.as_secs() as i64,
            iss: ISSUER.to_owned(),
            aud: AUDIENCE.to_owned(),
        };
        encode(&Header::new(Algorithm::HS256), &claims, &self.encoding).map_err(TokenError::Sign)
    }

    /// The claims of a token that is well signed, unexpired and ours. `jti` and `iat` are
    /// required by `Claims` itself: a token without them does not deserialize.
    pub fn verify(&self, token: &str) -> Result<Claims, TokenError> {
        decode::<Claims>(token, &self.decoding, &self.validation).map(|data| data.claims).map_err(TokenError::Refused)
    }

    /// What a good token says, checked in full the first time its text is seen and then
    /// answered from memory until it expires (`now`, Unix seconds, with the same leeway).
    pub fn check(&self, token: &str, now: i64) -> Result<CheckedToken, TokenError> {
        if let Some(checked) = self.checked.lock().get(token) {
            return if now <= checked.exp.saturating_add(LEEWAY_SECS as i64) {
                Ok(checked.clone())
            } else {
                Err(TokenError::Expired)
            };
        }
        let claims = self.verify(token)?;
        let user_id = claims.sub.parse().map_err(|_| TokenError::Subject)?;
        let checked = CheckedToken { user_id, session_id: claims.jti, exp: claims.exp };
        let mut known = self.checked.lock();
        if known.len() >= CHECKED_CAPACITY {
            // Expired entries go first; if every entry is live, all go.
            known.retain(|_, entry| now <= entry.exp.saturating_add(LEEWAY_SECS as i64));
            if known.len() >= CHECKED_CAPACITY {
                known.clear();
            }
        }
        known.insert(token.into(), checked.clone());
        Ok(checked)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";

    fn keys() -> TokenKeys {
        TokenKeys::new(SECRET, Duration::from_secs(1800)).unwrap()
    }

    fn now() -> i64 {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
    }

    #[test]
    fn an_issued_token_verifies_with_every_claim() {
        let t = now();
        let claims = keys().verify(&keys().issue(7, "session-id", t).unwrap()).unwrap();
        assert_eq!(claims.sub, "7");
        assert_eq!(claims.jti, "session-id");
        assert_eq!((claims.iat, claims.exp), (t, t + 1800));
        assert_eq!((claims.iss.as_str(), claims.aud.as_str()), (ISSUER, AUDIENCE));
    }

    #[test]
    fn a_short_secret_is_refused() {
        assert!(matches!(TokenKeys::new(b"too short", Duration::from_secs(60)), Err(TokenError::WeakSecret)));
    }

    #[test]
    fn an_expired_token_is_refused_beyond_the_leeway() {
        let long_ago = now() - 1800 - LEEWAY_SECS as i64 - 1;
        assert!(keys().verify(&keys().issue(7, "s", long_ago).unwrap()).is_err());
    }

    #[test]
    fn a_token_signed_with_another_secret_or_altered_is_refused() {
        let other = TokenKeys::new(b"another-secret-another-secret-xx", Duration::from_secs(60)).unwrap();
        assert!(keys().verify(&other.issue(7, "s", now()).unwrap()).is_err());
        let token = keys().issue(7, "s", now()).unwrap();
        let mut parts: Vec<String> = token.split('.').map(String::from).collect();
        parts[1] = parts[1].replacen('e', "f", 1);
        assert!(keys().verify(&parts.join(".")).is_err());
    }

    #[test]
    fn a_token_checked_once_is_answered_from_memory_until_it_expires_and_no_lookalike_rides_on_it() {
        let keys = keys();
        let t = now();
        let token = keys.issue(7, "session-id", t).unwrap();
        let checked = keys.check(&token, t).unwrap();
        assert_eq!(checked, CheckedToken { user_id: 7, session_id: "session-id".into(), exp: t + 1800 });
        assert_eq!(keys.check(&token, t + 1800 + LEEWAY_SECS as i64).unwrap(), checked, "within the leeway");
        assert!(matches!(keys.check(&token, t + 1800 + LEEWAY_SECS as i64 + 1), Err(TokenError::Expired)));

        // One byte changed anywhere (header, claims, signature) is another text: checked in
        // full, and refused.
        for at in [3, token.find('.').unwrap() + 5, token.len() - 2] {
            let mut bytes = token.clone().into_bytes();
            bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
            let lookalike = String::from_utf8(bytes).unwrap();
            assert!(keys.check(&lookalike, t).is_err(), "byte {at} changed");
        }
        let other = TokenKeys::new(b"another-secret-another-secret-xx", Duration::from_secs(60)).unwrap();
        assert!(keys.check(&other.issue(7, "session-id", t).unwrap(), t).is_err(), "the same claims, another key");
    }

    #[test]
    fn an_unsigned_token_is_refused() {
        use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
        let body = URL_SAFE_NO_PAD.encode(format!(
            r#"{{"sub":"1","jti":"s","iat":{0},"exp":{1},"iss":"latch","aud":"latch"}}"#,
            now(),
            now() + 60
        ));
        assert!(keys().verify(&format!("{header}.{body}.")).is_err());
    }
}
