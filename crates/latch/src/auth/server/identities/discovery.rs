//! An OpenID provider's published settings (`/.well-known/openid-configuration`) and signing
//! keys (its JWKS), fetched on first use and kept for an hour. A key id the kept set does not
//! hold fetches the set again (the provider rotated its keys), at most once a minute, so a
//! stream of forged key ids cannot make Latch hammer the provider.

use std::{
    sync::Mutex,
    time::{Duration, Instant},
};

use jsonwebtoken::jwk::JwkSet;
use serde::Deserialize;

use super::{
    client::{CallFailed, ProviderClient},
    settings::checked_url,
};

/// How long settings and keys are kept before they are fetched again.
const KEPT_FOR: Duration = Duration::from_secs(3600);
/// The shortest time between two fetches of the keys for an unknown key id.
const REFETCH_AT_MOST_EVERY: Duration = Duration::from_secs(60);

/// What Latch reads of a provider's discovery document.
#[derive(Clone, Debug, Deserialize)]
pub struct Metadata {
    /// Must equal the configured issuer exactly (OpenID Connect Discovery §4.3).
    pub issuer: String,
    /// Where the browser is sent.
    pub authorization_endpoint: String,
    /// Where the code is exchanged.
    pub token_endpoint: String,
    /// Its signing keys.
    pub jwks_uri: String,
    /// Where the person's claims are, when the ID token carries no address.
    #[serde(default)]
    pub userinfo_endpoint: Option<String>,
    /// The algorithms it signs ID tokens with: the only ones Latch accepts from it.
    #[serde(default)]
    pub id_token_signing_alg_values_supported: Vec<String>,
    /// How it takes the client's secret at the token endpoint (absent: Basic, the default).
    #[serde(default)]
    pub token_endpoint_auth_methods_supported: Option<Vec<String>>,
}

/// Why a provider's settings or keys are unusable.
#[derive(Debug, thiserror::Error)]
pub enum DiscoveryFailed {
    /// It did not answer well.
    #[error(transparent)]
    Call(#[from] CallFailed),
    /// It answered something Latch refuses.
    #[error("the provider's settings are refused: {0}")]
    Refused(String),
}

#[derive(Default)]
struct Kept {
    metadata: Option<(Instant, Metadata)>,
    keys: Option<(Instant, JwkSet)>,
}

/// One OpenID provider's settings and keys, as last fetched.
pub struct Discovery {
    issuer: String,
    kept: Mutex<Kept>,
}

impl Discovery {
    /// Nothing fetched yet.
    pub fn new(issuer: &str) -> Self {
        Self { issuer: issuer.to_owned(), kept: Mutex::new(Kept::default()) }
    }

    /// The provider's settings: kept, or fetched and checked.
    pub async fn metadata(&self, client: &ProviderClient) -> Result<Metadata, DiscoveryFailed> {
        if let Some((at, metadata)) = &self.kept.lock().expect("discovery lock").metadata {
            if at.elapsed() < KEPT_FOR {
                return Ok(metadata.clone());
            }
        }
        let url = format!("{}/.well-known/openid-configuration", self.issuer);
        let metadata: Metadata = client.get_json(&url, None).await?;
        check(&self.issuer, &metadata).map_err(DiscoveryFailed::Refused)?;
        self.kept.lock().expect("discovery lock").metadata = Some((Instant::now(), metadata.clone()));
        Ok(metadata)
    }

    /// The provider's keys, holding `kid` if it has such a key: kept, or fetched again when
    /// the kept set lacks `kid` (no more than once a minute) or is an hour old.
    pub async fn keys(
        &self,
        client: &ProviderClient,
        metadata: &Metadata,
        kid: Option<&str>,
    ) -> Result<JwkSet, DiscoveryFailed> {
        if let Some((at, keys)) = &self.kept.lock().expect("discovery lock").keys {
            let holds = kid.is_none_or(|kid| keys.find(kid).is_some());
            let fresh = at.elapsed() < KEPT_FOR;
            if (holds && fresh) || at.elapsed() < REFETCH_AT_MOST_EVERY {
                return Ok(keys.clone());
            }
        }
        let keys: JwkSet = client.get_json(&metadata.jwks_uri, None).await?;
        self.kept.lock().expect("discovery lock").keys = Some((Instant::now(), keys.clone()));
        Ok(keys)
    }
}

/// The settings' issuer is the configured one, and every endpoint is https (or loopback).
fn check(issuer: &str, metadata: &Metadata) -> Result<(), String> {
    if metadata.issuer != issuer {
        return Err(format!("its issuer is `{}`, not the configured `{issuer}`", metadata.issuer));
    }
    let endpoints = [&metadata.authorization_endpoint, &metadata.token_endpoint, &metadata.jwks_uri];
    for endpoint in endpoints.into_iter().chain(metadata.userinfo_endpoint.as_ref()) {
        checked_url(endpoint)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metadata(issuer: &str, token: &str) -> Metadata {
        Metadata {
            issuer: issuer.into(),
            authorization_endpoint: format!("{issuer}/auth"),
            token_endpoint: token.into(),
            jwks_uri: format!("{issuer}/jwks"),
            userinfo_endpoint: None,
            id_token_signing_alg_values_supported: vec!["RS256".into()],
            token_endpoint_auth_methods_supported: None,
        }
    }

    #[test]
    fn settings_must_name_the_configured_issuer_and_safe_endpoints() {
        let issuer = "https://id.example.com";
        assert!(check(issuer, &metadata(issuer, "https://id.example.com/token")).is_ok());
        assert!(check(issuer, &metadata("https://evil.example.com", "https://id.example.com/token")).is_err());
        assert!(check(issuer, &metadata(issuer, "http://id.example.com/token")).is_err());
    }
}
