//! Checking an OpenID Connect ID token (Core §3.1.3.7): signed by one of the provider's
//! published keys, with an algorithm the provider publishes and Latch accepts (public-key
//! algorithms only: never `none`, never an HMAC, whose "secret" an attacker would take from the
//! public key), issued by the configured issuer, for Latch's client id, not expired, and
//! carrying the nonce this sign-in sent.

use jsonwebtoken::{
    jwk::{Jwk, JwkSet, PublicKeyUse},
    Algorithm, DecodingKey, Validation,
};
use serde::Deserialize;
use subtle::ConstantTimeEq;

/// The algorithms Latch verifies, whatever a provider publishes: asymmetric ones.
const ACCEPTED: [Algorithm; 9] = [
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::PS256,
    Algorithm::PS384,
    Algorithm::PS512,
    Algorithm::ES256,
    Algorithm::ES384,
    Algorithm::EdDSA,
];

/// Clock difference allowed on `exp` and `iat`, in seconds.
const LEEWAY_SECS: u64 = 60;

/// What an ID token proves about the person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProvenClaims {
    /// The provider's id for the person (`sub`).
    pub subject: String,
    /// Their address, if the token carries one.
    pub email: Option<String>,
    /// Whether the provider says it checked that address.
    pub email_verified: bool,
    /// A name to show, if any.
    pub name: Option<String>,
}

/// Why an ID token is refused (logged; the person sees one page for all of them).
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum TokenRefused {
    /// Not a JWT, or its header names an algorithm that does not exist (`none`).
    #[error("malformed: {0}")]
    Malformed(String),
    /// An algorithm the provider does not publish, or that Latch never accepts.
    #[error("algorithm {0:?} is not accepted from this provider")]
    Algorithm(Algorithm),
    /// No published key fits.
    #[error("no published key fits (kid {0:?})")]
    NoKey(Option<String>),
    /// The signature, `iss`, `aud`, `exp` or a required claim failed.
    #[error("refused: {0}")]
    Claims(String),
    /// Several audiences and `azp` is not Latch.
    #[error("authorized party is not this client")]
    AuthorizedParty,
    /// The nonce is missing or is not this sign-in's.
    #[error("nonce missing or not this sign-in's")]
    Nonce,
}

#[derive(Deserialize)]
struct Claims {
    sub: String,
    #[serde(default)]
    aud: Audience,
    #[serde(default)]
    azp: Option<String>,
    #[serde(default)]
    nonce: Option<String>,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    email_verified: Option<Verified>,
    #[serde(default)]
    name: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(untagged)]
enum Audience {
    #[default]
    None,
    One(serde::de::IgnoredAny),
    Many(Vec<String>),
}

/// `email_verified` as a boolean, or as the string some providers send.
#[derive(Deserialize)]
#[serde(untagged)]
pub enum Verified {
    /// `true` / `false`.
    Flag(bool),
    /// `"true"` / `"false"`.
    Text(String),
}

impl Verified {
    /// Whether it says verified.
    pub fn is_true(&self) -> bool {
        match self {
            Self::Flag(flag) => *flag,
            Self::Text(text) => text.eq_ignore_ascii_case("true"),
        }
    }
}

/// What one ID token must match.
pub struct Expected<'a> {
    /// The configured issuer.
    pub issuer: &'a str,
    /// Latch's client id at the provider.
    pub client_id: &'a str,
    /// The nonce this sign-in sent.
    pub nonce: &'a str,
    /// The algorithms the provider publishes (`id_token_signing_alg_values_supported`).
    pub published: &'a [String],
}

/// The algorithm `token`'s header names, if it is one Latch could accept from this provider.
pub fn algorithm(token: &str, published: &[String]) -> Result<(Algorithm, Option<String>), TokenRefused> {
    let header = jsonwebtoken::decode_header(token).map_err(|error| TokenRefused::Malformed(error.to_string()))?;
    let alg = header.alg;
    let published_by_provider = published.iter().any(|name| name.parse::<Algorithm>().ok() == Some(alg));
    // An empty list is what a provider that publishes none means: RS256, the spec's default.
    let default_rs256 = published.is_empty() && alg == Algorithm::RS256;
    if !ACCEPTED.contains(&alg) || !(published_by_provider || default_rs256) {
        return Err(TokenRefused::Algorithm(alg));
    }
    Ok((alg, header.kid))
}

/// Checks `token` against `keys` and `expected`; what it proves.
pub fn verify(token: &str, keys: &JwkSet, expected: &Expected<'_>) -> Result<ProvenClaims, TokenRefused> {
    let (alg, kid) = algorithm(token, expected.published)?;
    let jwk = pick_key(keys, alg, kid.as_deref()).ok_or_else(|| TokenRefused::NoKey(kid.clone()))?;
    let key = DecodingKey::from_jwk(jwk).map_err(|error| TokenRefused::NoKey(Some(error.to_string())))?;
    let mut validation = Validation::new(alg);
    validation.set_issuer(&[expected.issuer]);
    validation.set_audience(&[expected.client_id]);
    validation.set_required_spec_claims(&["exp", "iat", "iss", "aud", "sub"]);
    validation.leeway = LEEWAY_SECS;
    let claims = jsonwebtoken::decode::<Claims>(token, &key, &validation)
        .map_err(|error| TokenRefused::Claims(error.to_string()))?
        .claims;
    if let Audience::Many(audiences) = &claims.aud {
        if audiences.len() > 1 && claims.azp.as_deref() != Some(expected.client_id) {
            return Err(TokenRefused::AuthorizedParty);
        }
    }
    let nonce_matches =
        claims.nonce.as_deref().is_some_and(|nonce| bool::from(nonce.as_bytes().ct_eq(expected.nonce.as_bytes())));
    if !nonce_matches {
        return Err(TokenRefused::Nonce);
    }
    Ok(ProvenClaims {
        subject: claims.sub,
        email: claims.email,
        email_verified: claims.email_verified.is_some_and(|verified| verified.is_true()),
        name: claims.name,
    })
}

/// The published key for `alg` named `kid`; without a `kid`, the only signing key of `alg`'s
/// kind. A key published for encryption, for another algorithm, or of another kind never fits.
fn pick_key<'a>(keys: &'a JwkSet, alg: Algorithm, kid: Option<&str>) -> Option<&'a Jwk> {
    let fits = |jwk: &&Jwk| {
        let for_signing = !matches!(jwk.common.public_key_use, Some(PublicKeyUse::Encryption | PublicKeyUse::Other(_)));
        let same_alg = jwk.common.key_algorithm.is_none_or(|key_alg| key_alg.to_string() == format!("{alg:?}"));
        let same_family = match &jwk.algorithm {
            jsonwebtoken::jwk::AlgorithmParameters::RSA(_) => alg.family() == jsonwebtoken::AlgorithmFamily::Rsa,
            jsonwebtoken::jwk::AlgorithmParameters::EllipticCurve(_) => {
                alg.family() == jsonwebtoken::AlgorithmFamily::Ec
            }
            jsonwebtoken::jwk::AlgorithmParameters::OctetKeyPair(_) => {
                alg.family() == jsonwebtoken::AlgorithmFamily::Ed
            }
            jsonwebtoken::jwk::AlgorithmParameters::OctetKey(_) => false,
        };
        for_signing && same_alg && same_family
    };
    match kid {
        Some(kid) => keys.keys.iter().filter(fits).find(|jwk| jwk.common.key_id.as_deref() == Some(kid)),
        None => {
            let mut candidates = keys.keys.iter().filter(fits);
            let only = candidates.next()?;
            candidates.next().is_none().then_some(only)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};

    fn token_with(header: &str) -> String {
        format!("{}.{}.sig", URL_SAFE_NO_PAD.encode(header), URL_SAFE_NO_PAD.encode("{}"))
    }

    #[test]
    fn only_public_key_algorithms_the_provider_publishes_are_accepted() {
        let published = |names: &[&str]| names.iter().map(|name| name.to_string()).collect::<Vec<_>>();
        let es256 = token_with(r#"{"alg":"ES256","kid":"k"}"#);
        assert_eq!(algorithm(&es256, &published(&["ES256"])), Ok((Algorithm::ES256, Some("k".into()))));
        // Known to Latch, not published by this provider.
        assert_eq!(algorithm(&es256, &published(&["RS256"])), Err(TokenRefused::Algorithm(Algorithm::ES256)));
        // An HMAC, even where the provider publishes it: its key would be the public key.
        let hs256 = token_with(r#"{"alg":"HS256"}"#);
        assert_eq!(algorithm(&hs256, &published(&["HS256", "ES256"])), Err(TokenRefused::Algorithm(Algorithm::HS256)));
        // `none` is no algorithm at all.
        assert!(matches!(
            algorithm(&token_with(r#"{"alg":"none"}"#), &published(&["none"])),
            Err(TokenRefused::Malformed(_))
        ));
        // A provider that publishes no list means RS256, and only that.
        let rs256 = token_with(r#"{"alg":"RS256"}"#);
        assert_eq!(algorithm(&rs256, &[]), Ok((Algorithm::RS256, None)));
        assert!(algorithm(&es256, &[]).is_err());
    }
}
