//! GitHub, which speaks plain OAuth 2 rather than OpenID Connect: no ID token, so the person
//! is read from its REST API with the access token the code exchange gives (and the token is
//! then dropped). The identity is GitHub's numeric user id, which never changes, under the
//! issuer GitHub's web address; the address is the person's primary one, and only if GitHub
//! says it is verified.

use serde::Deserialize;

use super::client::{CallFailed, ProviderClient};
use super::id_token::ProvenClaims;

#[derive(Deserialize)]
struct TokenAnswer {
    #[serde(default)]
    access_token: Option<String>,
    #[serde(default)]
    error: Option<String>,
}

#[derive(Deserialize)]
struct GitHubUser {
    id: i64,
    login: String,
    #[serde(default)]
    name: Option<String>,
}

#[derive(Deserialize)]
struct GitHubEmail {
    email: String,
    #[serde(default)]
    primary: bool,
    #[serde(default)]
    verified: bool,
}

/// Where a GitHub is, and Latch's client there.
pub struct GitHubApp<'a> {
    /// `https://github.com` (or a GitHub Enterprise's).
    pub web_url: &'a str,
    /// `https://api.github.com`.
    pub api_url: &'a str,
    /// The OAuth app's client id.
    pub client_id: &'a str,
    /// Its secret.
    pub client_secret: &'a str,
}

impl GitHubApp<'_> {
    /// Where the browser is sent to sign in.
    pub fn authorize_url(&self) -> String {
        format!("{}/login/oauth/authorize", self.web_url)
    }

    /// Exchanges `code` (with its PKCE verifier) and reads who signed in.
    pub async fn person(
        &self,
        client: &ProviderClient,
        code: &str,
        redirect_uri: &str,
        verifier: &str,
    ) -> Result<ProvenClaims, CallFailed> {
        let form = [
            ("client_id", self.client_id),
            ("client_secret", self.client_secret),
            ("code", code),
            ("redirect_uri", redirect_uri),
            ("code_verifier", verifier),
        ];
        let url = format!("{}/login/oauth/access_token", self.web_url);
        // GitHub answers a refused code with 200 and an `error` field.
        let answer: TokenAnswer = client.post_form(&url, &form, None).await?;
        let token = match (answer.access_token, answer.error) {
            (Some(token), None) => token,
            (_, error) => {
                return Err(CallFailed::Refused {
                    status: 200,
                    detail: error.unwrap_or_else(|| "no access token".into()),
                })
            }
        };
        let user: GitHubUser = client.get_json(&format!("{}/user", self.api_url), Some(&token)).await?;
        let emails: Vec<GitHubEmail> = client.get_json(&format!("{}/user/emails", self.api_url), Some(&token)).await?;
        let primary = emails.into_iter().find(|email| email.primary);
        Ok(ProvenClaims {
            subject: user.id.to_string(),
            email_verified: primary.as_ref().is_some_and(|email| email.verified),
            email: primary.map(|email| email.email),
            name: user.name.filter(|name| !name.trim().is_empty()).or(Some(user.login)),
        })
    }
}
