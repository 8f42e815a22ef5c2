//! The configured providers, each with its discovery state, and the one client that calls
//! them.

use std::sync::Arc;

use super::client::ProviderClient;
use super::discovery::Discovery;
use super::settings::{ProviderConfig, ProviderKind, ProvidersConfig};

/// A configured provider, with what Latch learnt of it.
pub struct Provider {
    /// What the deployment configured.
    pub config: ProviderConfig,
    /// Its settings and keys, for an OpenID provider.
    pub(super) discovery: Option<Discovery>,
}

impl Provider {
    /// The issuer its identities are recorded under: the OpenID issuer, or GitHub's address.
    pub fn issuer(&self) -> &str {
        match &self.config.kind {
            ProviderKind::Oidc { issuer } => issuer,
            ProviderKind::GitHub { web_url, .. } => web_url,
        }
    }
}

/// Every configured provider, the client that calls them and where they send people back.
#[derive(Clone)]
pub struct Providers(pub(super) Arc<ProvidersParts>);

/// What [`Providers`] holds.
pub struct ProvidersParts {
    list: Vec<Provider>,
    pub(super) client: ProviderClient,
    /// The site's origin: callbacks are `{origin}/auth/oidc/{name}/callback`.
    origin: String,
}

impl Providers {
    /// The providers `config` names, for a site at `origin`.
    pub fn new(config: &ProvidersConfig, origin: &str) -> Self {
        let list = config
            .providers
            .iter()
            .map(|config| Provider {
                discovery: match &config.kind {
                    ProviderKind::Oidc { issuer } => Some(Discovery::new(issuer)),
                    ProviderKind::GitHub { .. } => None,
                },
                config: config.clone(),
            })
            .collect();
        let parts = ProvidersParts { list, client: ProviderClient::new(config.timeout), origin: origin.to_owned() };
        Self(Arc::new(parts))
    }

    /// None configured.
    pub fn none() -> Self {
        let config = ProvidersConfig { providers: Vec::new(), timeout: std::time::Duration::from_secs(10) };
        Self::new(&config, "http://localhost")
    }

    /// The provider by its lower-case name.
    pub fn get(&self, name: &str) -> Option<&Provider> {
        self.0.list.iter().find(|provider| provider.config.name == name)
    }

    /// Every provider's name and label, in name order: the login page's buttons.
    pub fn buttons(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.list.iter().map(|provider| (provider.config.name.as_str(), provider.config.label.as_str()))
    }

    /// Where `name` sends people back: the callback URL to register at the provider.
    pub fn callback_url(&self, name: &str) -> String {
        format!("{}/auth/oidc/{name}/callback", self.0.origin)
    }

    /// The label of the provider that recorded an identity under `name`, or the name itself
    /// (a provider since removed from the configuration).
    pub fn label_of(&self, name: &str) -> String {
        self.get(name).map_or_else(|| name.to_owned(), |provider| provider.config.label.clone())
    }

    /// Checks that each OpenID provider's discovery answers and is acceptable (the operator's
    /// `check-config`): one line per provider, `Err` on the first that is not.
    pub async fn check(&self) -> Result<Vec<String>, String> {
        let mut lines = Vec::new();
        for provider in &self.0.list {
            let name = &provider.config.name;
            match &provider.discovery {
                Some(discovery) => {
                    let metadata = discovery
                        .metadata(&self.0.client)
                        .await
                        .map_err(|error| format!("provider {name} ({}): {error}", provider.issuer()))?;
                    lines.push(format!(
                        "provider {name}: {} answers; signs with {}; callback {}",
                        metadata.issuer,
                        metadata.id_token_signing_alg_values_supported.join(", "),
                        self.callback_url(name)
                    ));
                }
                None => lines.push(format!(
                    "provider {name}: GitHub at {}; callback {}",
                    provider.issuer(),
                    self.callback_url(name)
                )),
            }
        }
        Ok(lines)
    }
}
