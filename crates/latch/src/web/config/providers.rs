//! Sign-in with other providers, from the environment. None is on unless configured:
//!
//! - any OpenID Connect provider NAME: `OIDC_<NAME>_ISSUER`, `OIDC_<NAME>_CLIENT_ID`,
//!   `OIDC_<NAME>_CLIENT_SECRET`, and optionally `OIDC_<NAME>_LABEL` (the button's words;
//!   Google's issuer defaults to `https://accounts.google.com`);
//! - GitHub (plain OAuth 2, not OpenID Connect): `GITHUB_CLIENT_ID`, `GITHUB_CLIENT_SECRET`,
//!   and for GitHub Enterprise `GITHUB_URL` and `GITHUB_API_URL`;
//! - `PROVIDER_TIMEOUT_SECS` (default 10): the longest any call to a provider may take.
//!
//! Names are found by scanning the variables' names, so they come from
//! [`super::Config::from_vars`], not from a lookup by name.

use std::time::Duration;

use super::values::ConfigError;
use crate::auth::server::identities::settings::checked_url;
pub use crate::auth::server::identities::settings::{ClientSecret, ProviderConfig, ProviderKind, ProvidersConfig};

/// Google's issuer, for `OIDC_GOOGLE_*` without an issuer of its own.
const GOOGLE_ISSUER: &str = "https://accounts.google.com";

/// The configured providers among `vars` (every variable's name and value).
pub fn read<'a>(vars: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<ProvidersConfig, ConfigError> {
    let vars: std::collections::BTreeMap<&str, &str> =
        vars.into_iter().filter(|(_, value)| !value.trim().is_empty()).collect();
    let get = |name: &str| vars.get(name).map(|value| value.trim().to_owned());
    let mut providers = Vec::new();
    let names: std::collections::BTreeSet<&str> = vars
        .keys()
        .filter_map(|key| key.strip_prefix("OIDC_"))
        .filter_map(|rest| {
            ["_ISSUER", "_CLIENT_ID", "_CLIENT_SECRET", "_LABEL"].iter().find_map(|end| rest.strip_suffix(end))
        })
        .collect();
    for upper in names {
        let variable = |part: &str| format!("OIDC_{upper}_{part}");
        if upper.is_empty() || !upper.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_') {
            return Err(ConfigError::new(variable("CLIENT_ID"), "a provider's name is capital letters, digits and _"));
        }
        let name = upper.to_ascii_lowercase();
        if name == "github" {
            return Err(ConfigError::new(
                variable("CLIENT_ID"),
                "GitHub is configured by GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET",
            ));
        }
        let issuer = match get(&variable("ISSUER")) {
            Some(issuer) => issuer,
            None if name == "google" => GOOGLE_ISSUER.to_owned(),
            None => return Err(ConfigError::new(variable("ISSUER"), "is needed beside the provider's client id")),
        };
        let issuer = url_of(&variable("ISSUER"), issuer.trim_end_matches('/'))?;
        let label = get(&variable("LABEL")).unwrap_or_else(|| default_label(&name));
        providers.push(ProviderConfig {
            client_id: required(&get, &variable("CLIENT_ID"))?,
            client_secret: ClientSecret(required(&get, &variable("CLIENT_SECRET"))?),
            label,
            name,
            kind: ProviderKind::Oidc { issuer },
        });
    }
    if get("GITHUB_CLIENT_ID").is_some() || get("GITHUB_CLIENT_SECRET").is_some() {
        let web_url =
            url_of("GITHUB_URL", get("GITHUB_URL").as_deref().unwrap_or("https://github.com").trim_end_matches('/'))?;
        let api_url = url_of(
            "GITHUB_API_URL",
            get("GITHUB_API_URL").as_deref().unwrap_or("https://api.github.com").trim_end_matches('/'),
        )?;
        providers.push(ProviderConfig {
            name: "github".into(),
            label: "GitHub".into(),
            kind: ProviderKind::GitHub { web_url, api_url },
            client_id: required(&get, "GITHUB_CLIENT_ID")?,
            client_secret: ClientSecret(required(&get, "GITHUB_CLIENT_SECRET")?),
        });
    }
    providers.sort_by(|a, b| a.name.cmp(&b.name));
    let timeout = match get("PROVIDER_TIMEOUT_SECS") {
        None => 10,
        Some(secs) => secs
            .parse()
            .ok()
            .filter(|n| (1..=120).contains(n))
            .ok_or_else(|| ConfigError::new("PROVIDER_TIMEOUT_SECS", "must be a whole number from 1 to 120"))?,
    };
    Ok(ProvidersConfig { providers, timeout: Duration::from_secs(timeout) })
}

fn required(get: &impl Fn(&str) -> Option<String>, variable: &str) -> Result<String, ConfigError> {
    get(variable).ok_or_else(|| ConfigError::new(variable.to_owned(), "is needed for this provider"))
}

fn url_of(variable: &str, url: &str) -> Result<String, ConfigError> {
    checked_url(url).map_err(|problem| ConfigError::new(variable.to_owned(), problem))
}

/// "google" → "Google"; "corp_sso" → "Corp sso".
fn default_label(name: &str) -> String {
    let spaced = name.replace('_', " ");
    let mut chars = spaced.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_pairs(pairs: &[(&str, &str)]) -> Result<ProvidersConfig, ConfigError> {
        read(pairs.iter().copied())
    }

    #[test]
    fn nothing_is_on_unless_configured() {
        let config = read_pairs(&[("DATABASE_URL", "sqlite://x.db")]).unwrap();
        assert!(config.providers.is_empty());
        assert_eq!(config.timeout, Duration::from_secs(10));
    }

    #[test]
    fn providers_are_found_by_their_variables_names() {
        let config = read_pairs(&[
            ("OIDC_GOOGLE_CLIENT_ID", "g-id"),
            ("OIDC_GOOGLE_CLIENT_SECRET", "g-secret"),
            ("OIDC_CORP_SSO_ISSUER", "https://sso.example.com/"),
            ("OIDC_CORP_SSO_CLIENT_ID", "c-id"),
            ("OIDC_CORP_SSO_CLIENT_SECRET", "c-secret"),
            ("GITHUB_CLIENT_ID", "gh-id"),
            ("GITHUB_CLIENT_SECRET", "gh-secret"),
        ])
        .unwrap();
        let names: Vec<_> = config.providers.iter().map(|p| (p.name.as_str(), p.label.as_str())).collect();
        assert_eq!(names, [("corp_sso", "Corp sso"), ("github", "GitHub"), ("google", "Google")]);
        assert_eq!(config.providers[2].kind, ProviderKind::Oidc { issuer: GOOGLE_ISSUER.into() });
        assert_eq!(config.providers[0].kind, ProviderKind::Oidc { issuer: "https://sso.example.com".into() });
        assert!(!format!("{config:?}").contains("g-secret"));
    }

    #[test]
    fn a_missing_or_unsafe_setting_names_its_variable() {
        let missing = read_pairs(&[("OIDC_CORP_CLIENT_ID", "c"), ("OIDC_CORP_CLIENT_SECRET", "s")]).unwrap_err();
        assert_eq!(missing.variable, "OIDC_CORP_ISSUER");
        let no_secret = read_pairs(&[("OIDC_GOOGLE_CLIENT_ID", "g")]).unwrap_err();
        assert_eq!(no_secret.variable, "OIDC_GOOGLE_CLIENT_SECRET");
        let plain = read_pairs(&[
            ("OIDC_CORP_ISSUER", "http://sso.example.com"),
            ("OIDC_CORP_CLIENT_ID", "c"),
            ("OIDC_CORP_CLIENT_SECRET", "s"),
        ])
        .unwrap_err();
        assert_eq!(plain.variable, "OIDC_CORP_ISSUER");
        assert!(checked_url("http://127.0.0.1:4000").is_ok());
        assert!(checked_url("http://localhost:4000/realm").is_ok());
        assert!(checked_url("http://127.0.0.1.example.com").is_err());
        assert!(checked_url("https://").is_err());
        let github_secret = read_pairs(&[("GITHUB_CLIENT_ID", "x")]).unwrap_err();
        assert_eq!(github_secret.variable, "GITHUB_CLIENT_SECRET");
    }
}
