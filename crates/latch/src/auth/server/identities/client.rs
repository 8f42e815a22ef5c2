//! Calls to providers: one HTTP client with a deadline on every call, no redirects followed
//! (an endpoint that moves is a misconfiguration, not something to chase with a code or a
//! secret in hand), and answers read up to a size cap, so that a slow, silent or endless
//! provider ends a callback with a clear page instead of holding a request.

use std::time::Duration;

use serde::de::DeserializeOwned;

/// The most any provider answer may hold: discovery documents and key sets are a few KB.
const ANSWER_CAP_BYTES: usize = 256 * 1024;

/// Why a call to a provider gave nothing usable.
#[derive(Debug, thiserror::Error)]
pub enum CallFailed {
    /// No answer within the deadline, or no connection.
    #[error("the provider did not answer: {0}")]
    Unreachable(String),
    /// An answer, but not a success, or not what was asked for.
    #[error("the provider answered {status}: {detail}")]
    Refused {
        /// Its status.
        status: u16,
        /// Its `error` field, or the start of its body.
        detail: String,
    },
}

/// The client every provider call goes through.
#[derive(Clone, Debug)]
pub struct ProviderClient {
    http: reqwest::Client,
}

impl ProviderClient {
    /// A client whose every call ends within `timeout`, connection included.
    pub fn new(timeout: Duration) -> Self {
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("latch/", env!("CARGO_PKG_VERSION")))
            .build()
            .expect("a TLS client with the built-in roots");
        Self { http }
    }

    /// `GET url` as JSON, with a bearer token when one is given.
    pub async fn get_json<T: DeserializeOwned>(&self, url: &str, bearer: Option<&str>) -> Result<T, CallFailed> {
        let mut request = self.http.get(url).header("accept", "application/json");
        if let Some(token) = bearer {
            request = request.bearer_auth(token);
        }
        read_json(request.send().await).await
    }

    /// `POST url` with a form body, as JSON; the client's credentials as HTTP Basic when
    /// `basic` is given (`client_secret_basic`), else in the form by the caller.
    pub async fn post_form<T: DeserializeOwned>(
        &self,
        url: &str,
        form: &[(&str, &str)],
        basic: Option<(&str, &str)>,
    ) -> Result<T, CallFailed> {
        let mut request = self.http.post(url).header("accept", "application/json").form(form);
        if let Some((id, secret)) = basic {
            // RFC 6749 §2.3.1: each part form-encoded before Basic's base64.
            request = request.basic_auth(form_encode(id), Some(form_encode(secret)));
        }
        read_json(request.send().await).await
    }
}

async fn read_json<T: DeserializeOwned>(sent: reqwest::Result<reqwest::Response>) -> Result<T, CallFailed> {
    let mut response = sent.map_err(|error| CallFailed::Unreachable(error.to_string()))?;
    let status = response.status();
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|error| CallFailed::Unreachable(error.to_string()))? {
        if body.len() + chunk.len() > ANSWER_CAP_BYTES {
            return Err(CallFailed::Refused { status: status.as_u16(), detail: "answer too large".into() });
        }
        body.extend_from_slice(&chunk);
    }
    if !status.is_success() {
        let detail = serde_json::from_slice::<serde_json::Value>(&body)
            .ok()
            .and_then(|value| value.get("error").and_then(|error| error.as_str()).map(str::to_owned))
            .unwrap_or_else(|| String::from_utf8_lossy(&body).chars().take(200).collect());
        return Err(CallFailed::Refused { status: status.as_u16(), detail });
    }
    serde_json::from_slice(&body)
        .map_err(|error| CallFailed::Refused { status: status.as_u16(), detail: error.to_string() })
}

/// `application/x-www-form-urlencoded` of one value.
fn form_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => out.push(byte as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::form_encode;

    #[test]
    fn credentials_are_form_encoded_before_basic() {
        assert_eq!(form_encode("abc-DEF_1.2"), "abc-DEF_1.2");
        assert_eq!(form_encode("a b:c/é"), "a+b%3Ac%2F%C3%A9");
    }
}
