//! The round trip to a provider: the authorization code flow with PKCE (S256).
//!
//! Starting keeps `state`, `nonce` and the PKCE verifier in `provider_flows`, under the
//! SHA-256 of a secret that only the browser's cookie holds (`web::cookie`), and sends the
//! browser to the provider. The callback takes that row (deleting it: single use), checks the
//! `state` in constant time, exchanges the code with the verifier, checks what comes back
//! (`id_token`, or GitHub's API) and hands the proven identity to `linking`. A callback in
//! another browser (no cookie), a replayed one (the row is gone), an expired one (10 minutes)
//! or a forged `state` each stop before any call to the provider.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use rand::RngCore;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::{
    client::CallFailed,
    discovery::DiscoveryFailed,
    github::GitHubApp,
    id_token::{self, Expected, ProvenClaims},
    linking::ProvenIdentity,
    settings::ProviderKind,
    Provider, ProviderError, ProviderOutcome,
};
use crate::auth::server::{
    clock::unix_now,
    email::link_tokens::{digest_presented, OneTimeToken},
    failures::store_failed,
    service::{AuthService, Requester},
    store::identities::{self, FlowRow, NewFlow},
};
use crate::i18n::Lang;

/// How long a sign-in may stay at the provider: long enough to sign in there (and create an
/// account there), short enough that a forgotten tab's flow dies.
pub const FLOW_SECS: i64 = 600;

/// A sign-in sent to a provider.
pub struct StartedFlow {
    /// Where to send the browser.
    pub authorize_url: String,
    /// What the browser's cookie keeps until the callback: the only copy.
    pub cookie_secret: String,
}

/// What the provider sent back to the callback, as its query string says.
#[derive(Debug, Default, Deserialize)]
pub struct CallbackAnswer {
    /// The authorization code.
    #[serde(default)]
    pub code: Option<String>,
    /// The `state` sent with the browser.
    #[serde(default)]
    pub state: Option<String>,
    /// An OAuth error code (`access_denied`, ...).
    #[serde(default)]
    pub error: Option<String>,
}

#[derive(Deserialize)]
struct TokenAnswer {
    #[serde(default)]
    id_token: Option<String>,
    #[serde(default)]
    access_token: Option<String>,
}

#[derive(Deserialize)]
struct UserInfo {
    sub: String,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    email_verified: Option<id_token::Verified>,
    #[serde(default)]
    name: Option<String>,
}

impl AuthService {
    /// Starts a sign-in with provider `name`; afterwards the browser goes to `next` (a local
    /// path, checked by the caller). With `link_user_id`, the identity will be linked to that
    /// signed-in account instead.
    pub async fn start_provider_flow(
        &self,
        name: &str,
        next: &str,
        link_user_id: Option<i64>,
    ) -> Result<StartedFlow, ProviderError> {
        let provider = self.providers.get(name).ok_or(ProviderError::UnknownProvider)?;
        let authorize_endpoint = match &provider.config.kind {
            ProviderKind::Oidc { .. } => self.metadata(provider).await?.authorization_endpoint,
            ProviderKind::GitHub { .. } => github_app(provider).authorize_url(),
        };
        let secret = OneTimeToken::generate();
        let flow = FlowRow {
            provider: name.to_owned(),
            state: random_text(),
            nonce: random_text(),
            verifier: random_text(),
            next: next.to_owned(),
            link_user_id,
        };
        let now = unix_now();
        let new = NewFlow { flow_hash: &secret.digest.hash, flow: &flow, now, expires_at: now + FLOW_SECS };
        identities::insert_flow(&self.db, &new).await.map_err(store_failed)?;
        let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(flow.verifier.as_bytes()));
        let callback = self.providers.callback_url(name);
        let mut query = vec![
            ("response_type", "code"),
            ("client_id", provider.config.client_id.as_str()),
            ("redirect_uri", callback.as_str()),
            ("state", flow.state.as_str()),
            ("code_challenge", challenge.as_str()),
            ("code_challenge_method", "S256"),
        ];
        match provider.config.kind {
            ProviderKind::Oidc { .. } => {
                query.extend([("scope", "openid email profile"), ("nonce", flow.nonce.as_str())]);
            }
            ProviderKind::GitHub { .. } => query.extend([("scope", "read:user user:email"), ("allow_signup", "true")]),
        }
        let authorize_url = reqwest::Url::parse_with_params(&authorize_endpoint, &query)
            .map_err(|error| {
                tracing::warn!(provider = name, %error, "the provider's authorization endpoint is not a URL");
                ProviderError::AnswerRefused
            })?
            .to_string();
        tracing::info!(
            event = "provider_flow_started",
            provider = name,
            linking = link_user_id.is_some(),
            "sent to the provider"
        );
        Ok(StartedFlow { authorize_url, cookie_secret: secret.secret })
    }

    /// The provider's answer to the sign-in this browser started (`cookie_secret` from its
    /// cookie): checked, exchanged, and given to the linking rules. `language` is the
    /// browser's, for an account this creates.
    pub async fn finish_provider_flow(
        &self,
        name: &str,
        cookie_secret: Option<&str>,
        answer: &CallbackAnswer,
        language: Lang,
        from: &Requester<'_>,
    ) -> Result<ProviderOutcome, ProviderError> {
        let provider = self.providers.get(name).ok_or(ProviderError::UnknownProvider)?;
        let digest = cookie_secret.and_then(digest_presented).ok_or(ProviderError::NoSignInUnderWay)?;
        let flow = identities::take_flow(&self.db, &digest.hash, unix_now())
            .await
            .map_err(store_failed)?
            .filter(|flow| flow.provider == name)
            .ok_or(ProviderError::NoSignInUnderWay)?;
        let state_matches =
            answer.state.as_deref().is_some_and(|state| bool::from(state.as_bytes().ct_eq(flow.state.as_bytes())));
        if !state_matches {
            tracing::warn!(event = "provider_state_mismatch", provider = name, "callback state differs");
            return Err(ProviderError::StateMismatch);
        }
        if let Some(error) = &answer.error {
            tracing::info!(event = "provider_refused", provider = name, error = error.as_str(), "the provider said no");
            return Err(match error.as_str() {
                "access_denied" => ProviderError::Cancelled,
                other => ProviderError::ProviderRefused(other.chars().take(64).collect()),
            });
        }
        let code = answer.code.as_deref().filter(|code| !code.is_empty()).ok_or(ProviderError::AnswerRefused)?;
        let claims = self.exchange(provider, code, &flow).await?;
        let identity = ProvenIdentity { provider: name.to_owned(), issuer: provider.issuer().to_owned(), claims };
        match flow.link_user_id {
            Some(user_id) => {
                self.link_identity(user_id, &identity, from).await.map(|()| ProviderOutcome::Linked { next: flow.next })
            }
            None => self
                .sign_in_with(&identity, language, from)
                .await
                .map(|login| ProviderOutcome::SignedIn { login, next: flow.next }),
        }
    }

    /// The code, exchanged, and what the provider proves about the person.
    async fn exchange(&self, provider: &Provider, code: &str, flow: &FlowRow) -> Result<ProvenClaims, ProviderError> {
        let client = &self.providers.0.client;
        let callback = self.providers.callback_url(&provider.config.name);
        let name = provider.config.name.as_str();
        match &provider.config.kind {
            ProviderKind::GitHub { .. } => github_app(provider)
                .person(client, code, &callback, &flow.verifier)
                .await
                .map_err(|failure| call_failed(name, failure)),
            ProviderKind::Oidc { issuer } => {
                let metadata = self.metadata(provider).await?;
                let form = [
                    ("grant_type", "authorization_code"),
                    ("code", code),
                    ("redirect_uri", callback.as_str()),
                    ("code_verifier", flow.verifier.as_str()),
                ];
                let (id, secret) = (provider.config.client_id.as_str(), provider.config.client_secret.0.as_str());
                let basic = metadata
                    .token_endpoint_auth_methods_supported
                    .as_ref()
                    .is_none_or(|methods| methods.iter().any(|method| method == "client_secret_basic"));
                let answer: TokenAnswer = if basic {
                    client.post_form(&metadata.token_endpoint, &form, Some((id, secret))).await
                } else {
                    let with_secret = [&form[..], &[("client_id", id), ("client_secret", secret)]].concat();
                    client.post_form(&metadata.token_endpoint, &with_secret, None).await
                }
                .map_err(|failure| call_failed(name, failure))?;
                let token = answer.id_token.ok_or_else(|| {
                    tracing::warn!(provider = name, "the token endpoint gave no ID token");
                    ProviderError::AnswerRefused
                })?;
                let discovery = provider.discovery.as_ref().expect("an OpenID provider has discovery");
                let (_, kid) = id_token::algorithm(&token, &metadata.id_token_signing_alg_values_supported)
                    .map_err(|refused| token_refused(name, refused))?;
                let keys = discovery
                    .keys(client, &metadata, kid.as_deref())
                    .await
                    .map_err(|error| discovery_failed(name, error))?;
                let expected = Expected {
                    issuer,
                    client_id: id,
                    nonce: &flow.nonce,
                    published: &metadata.id_token_signing_alg_values_supported,
                };
                let mut claims =
                    id_token::verify(&token, &keys, &expected).map_err(|refused| token_refused(name, refused))?;
                if claims.email.is_none() {
                    if let (Some(url), Some(access)) = (&metadata.userinfo_endpoint, &answer.access_token) {
                        let info: UserInfo =
                            client.get_json(url, Some(access)).await.map_err(|failure| call_failed(name, failure))?;
                        // Only about the person the ID token proved (Core §5.3.2).
                        if info.sub == claims.subject {
                            claims.email = info.email;
                            claims.email_verified = info.email_verified.is_some_and(|verified| verified.is_true());
                            claims.name = claims.name.or(info.name);
                        }
                    }
                }
                Ok(claims)
            }
        }
    }

    async fn metadata(&self, provider: &Provider) -> Result<super::discovery::Metadata, ProviderError> {
        let discovery = provider.discovery.as_ref().expect("an OpenID provider has discovery");
        discovery
            .metadata(&self.providers.0.client)
            .await
            .map_err(|error| discovery_failed(&provider.config.name, error))
    }

    /// The configured providers.
    pub fn providers(&self) -> &super::Providers {
        &self.providers
    }
}

fn github_app(provider: &Provider) -> GitHubApp<'_> {
    let ProviderKind::GitHub { web_url, api_url } = &provider.config.kind else { unreachable!("a GitHub provider") };
    GitHubApp {
        web_url,
        api_url,
        client_id: &provider.config.client_id,
        client_secret: &provider.config.client_secret.0,
    }
}

fn call_failed(provider: &str, failure: CallFailed) -> ProviderError {
    tracing::warn!(event = "provider_call_failed", provider, %failure, "provider call failed");
    match failure {
        CallFailed::Unreachable(_) => ProviderError::Unreachable,
        CallFailed::Refused { .. } => ProviderError::AnswerRefused,
    }
}

fn discovery_failed(provider: &str, error: DiscoveryFailed) -> ProviderError {
    match error {
        DiscoveryFailed::Call(failure) => call_failed(provider, failure),
        DiscoveryFailed::Refused(problem) => {
            tracing::warn!(event = "provider_settings_refused", provider, problem, "provider settings refused");
            ProviderError::AnswerRefused
        }
    }
}

fn token_refused(provider: &str, refused: id_token::TokenRefused) -> ProviderError {
    tracing::warn!(event = "provider_token_refused", provider, %refused, "ID token refused");
    ProviderError::AnswerRefused
}

/// 32 random bytes, base64url: `state`, `nonce`, the PKCE verifier (43 characters, within
/// RFC 7636's 43 to 128).
fn random_text() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}
