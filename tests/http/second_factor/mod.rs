//! Second factors: an authenticator app (TOTP) with recovery codes, and the second step of a
//! login on every door. Codes are computed here from the secret the setup answered, with the
//! `totp-rs` crate, as an authenticator app would. This file: what the tests share; the tests
//! sit in one file per idea.

mod guessing;
mod passkeys;
mod pre_hijacking;
mod totp;

use reqwest::StatusCode;
use serde_json::{json, Value};
use totp_rs::{Algorithm, TOTP};

use crate::common::{spawn_app_with, TestApp, PASSWORD};

/// What the test knows of one account with an authenticator.
struct Enrolled {
    bearer: String,
    secret: Vec<u8>,
    recovery_codes: Vec<String>,
}

fn step_now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() / 30
}

/// The code for `step`, as an authenticator app computes it.
fn code(secret: &[u8], step: u64) -> String {
    TOTP::new_unchecked(Algorithm::SHA1, 6, 0, 30, secret.to_vec()).generate(step * 30)
}

async fn post(app: &TestApp, path: &str, bearer: Option<&str>, body: Value) -> reqwest::Response {
    let mut request = reqwest::Client::new().post(app.url(path)).json(&body);
    if let Some(bearer) = bearer {
        request = request.bearer_auth(bearer);
    }
    request.send().await.unwrap()
}

async fn code_of(answer: reqwest::Response) -> (StatusCode, Value) {
    let status = answer.status();
    (status, answer.json().await.unwrap_or(Value::Null))
}

async fn signup(app: &TestApp, email: &str) {
    let body = json!({ "email": email, "username": "Ada", "password": PASSWORD });
    assert_eq!(post(app, "/auth/signup", None, body).await.status(), StatusCode::OK);
}

async fn login(app: &TestApp, email: &str, password: &str) -> (StatusCode, Value) {
    code_of(post(app, "/auth/login", None, json!({ "email": email, "password": password })).await).await
}

async fn second_step(app: &TestApp, challenge: &str, code: &str) -> (StatusCode, Value) {
    code_of(post(app, "/auth/login/second-factor", None, json!({ "challenge": challenge, "code": code })).await).await
}

/// Signs up `email` and turns an authenticator on, with the code of the current step.
async fn enrolled(app: &TestApp, email: &str) -> Enrolled {
    signup(app, email).await;
    let (_, token) = login(app, email, PASSWORD).await;
    let bearer = token["access_token"].as_str().unwrap().to_owned();
    let (status, setup) = code_of(post(app, "/auth/totp/setup", Some(&bearer), json!({})).await).await;
    assert_eq!(status, StatusCode::OK);
    let secret_text = setup["secret"].as_str().unwrap();
    assert!(setup["otpauth_uri"].as_str().unwrap().starts_with("otpauth://totp/Latch:"));
    let secret = base32::decode(base32::Alphabet::Rfc4648 { padding: false }, secret_text).unwrap();
    let body = json!({ "code": code(&secret, step_now()), "password": PASSWORD });
    let (status, enabled) = code_of(post(app, "/auth/totp/enable", Some(&bearer), body).await).await;
    assert_eq!(status, StatusCode::OK, "{enabled}");
    let recovery_codes =
        enabled["recovery_codes"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_owned()).collect();
    Enrolled { bearer, secret, recovery_codes }
}

/// A right password's challenge.
async fn challenge(app: &TestApp, email: &str) -> String {
    let (status, body) = login(app, email, PASSWORD).await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("second_factor_required")));
    assert!(body.get("access_token").is_none());
    body["challenge"].as_str().unwrap().to_owned()
}
