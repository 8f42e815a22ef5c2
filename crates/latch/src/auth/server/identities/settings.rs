//! What a deployment configures about sign-in with other providers (read from the
//! environment by `web::config::providers`).

use std::time::Duration;

/// One configured provider.
#[derive(Clone, Debug)]
pub struct ProviderConfig {
    /// Lower-case; the path names it (`/auth/oidc/{name}`) and linked identities record it.
    pub name: String,
    /// The button's words ("Google", "GitHub", or `OIDC_<NAME>_LABEL`).
    pub label: String,
    /// What kind, and where it is.
    pub kind: ProviderKind,
    /// The client id the provider gave Latch.
    pub client_id: String,
    /// The client secret it gave.
    pub client_secret: ClientSecret,
}

/// What a provider speaks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProviderKind {
    /// OpenID Connect, found through `{issuer}/.well-known/openid-configuration`.
    Oidc {
        /// The issuer, exactly as its ID tokens' `iss` says it.
        issuer: String,
    },
    /// GitHub's OAuth 2 and REST API.
    GitHub {
        /// Where people sign in (`https://github.com`).
        web_url: String,
        /// The REST API (`https://api.github.com`).
        api_url: String,
    },
}

/// Every configured provider, in name order, and how long a call may take.
#[derive(Clone, Debug, Default)]
pub struct ProvidersConfig {
    /// In name order (the login page shows them so).
    pub providers: Vec<ProviderConfig>,
    /// The longest any call to a provider may take.
    pub timeout: Duration,
}

/// A provider's client secret: never printed.
#[derive(Clone)]
pub struct ClientSecret(pub String);

impl std::fmt::Debug for ClientSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ClientSecret(<redacted>)")
    }
}

/// A provider's address: https, or plain http on this machine only (a provider started by
/// tests or a developer on loopback): a token or code never crosses a network in the clear.
pub fn checked_url(url: &str) -> Result<String, String> {
    if url.starts_with("https://") && url.len() > "https://".len() {
        return Ok(url.to_owned());
    }
    if let Some(rest) = url.strip_prefix("http://") {
        let host = match rest.strip_prefix('[') {
            Some(bracketed) => bracketed.split(']').next().unwrap_or_default(),
            None => rest.split([':', '/']).next().unwrap_or_default(),
        };
        if host == "localhost" || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback()) {
            return Ok(url.to_owned());
        }
    }
    Err(format!("must be an https URL (plain http only on loopback), not `{url}`"))
}
