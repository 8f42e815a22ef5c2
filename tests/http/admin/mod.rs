//! Administrators: the gate (role, second factor, sudo window), every action with what it
//! owes the person (their history, their mail read from a real SMTP sink, the audit row), the
//! search and the audit. This file: what the tests share; the tests sit in one file per idea.

mod access;
mod actions;
mod console;
mod people;
mod product_roles;
mod view_as;

use std::time::Duration;

use latch::auth::server::account::operator;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use totp_rs::{Algorithm, TOTP};

use crate::{
    common::{spawn_app_with, TestApp, PASSWORD},
    smtp_sink::SmtpSink,
};

/// How long a message may take to arrive (the worker is woken at once: this is slack).
const ARRIVES_WITHIN: Duration = Duration::from_secs(10);

/// An app whose outbox sends to a fresh sink, and which lets one address sign up the dozen
/// accounts a test needs (the signup throttle has tests of its own).
async fn app_with_mail() -> (TestApp, SmtpSink) {
    let sink = SmtpSink::start();
    let url = sink.url();
    let vars = [
        ("SMTP_URL", url.as_str()),
        ("MAIL_FROM", "Latch <latch@example.test>"),
        ("THROTTLE_SIGNUPS_PER_ADDRESS", "600"),
    ];
    let app = spawn_app_with(&vars).await;
    (app, sink)
}

async fn send(
    app: &TestApp,
    method: Method,
    path: &str,
    bearer: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = reqwest::Client::new().request(method, app.url(path)).header("accept", "application/json");
    if let Some(bearer) = bearer {
        request = request.bearer_auth(bearer);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    let answer = request.send().await.expect("the server answers");
    let status = answer.status();
    (status, answer.json().await.unwrap_or(Value::Null))
}

async fn get(app: &TestApp, path: &str, bearer: &str) -> (StatusCode, Value) {
    send(app, Method::GET, path, Some(bearer), None).await
}

async fn post(app: &TestApp, path: &str, bearer: &str) -> (StatusCode, Value) {
    send(app, Method::POST, path, Some(bearer), Some(json!({}))).await
}

/// Signs `email` up through the JSON API: its id.
async fn signup(app: &TestApp, email: &str, username: &str) -> i64 {
    let body = json!({ "email": email, "username": username, "password": PASSWORD });
    let (status, created) = send(app, Method::POST, "/auth/signup", None, Some(body)).await;
    assert_eq!(status, StatusCode::OK, "{created}");
    created["id"].as_i64().unwrap()
}

async fn login(app: &TestApp, email: &str) -> (StatusCode, Value) {
    send(app, Method::POST, "/auth/login", None, Some(json!({ "email": email, "password": PASSWORD }))).await
}

/// A password sign-in's bearer token, for an account without a second factor.
async fn bearer(app: &TestApp, email: &str) -> String {
    let (status, body) = login(app, email).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["access_token"].as_str().unwrap().to_owned()
}

fn step_now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() / 30
}

fn totp_code(secret: &[u8], step: u64) -> String {
    TOTP::new_unchecked(Algorithm::SHA1, 6, 0, 30, secret.to_vec()).generate(step * 30)
}

/// Turns an authenticator on for the account `bearer` signs in: its secret.
async fn enrol_authenticator(app: &TestApp, bearer: &str) -> Vec<u8> {
    let (status, setup) = send(app, Method::POST, "/auth/totp/setup", Some(bearer), Some(json!({}))).await;
    assert_eq!(status, StatusCode::OK, "{setup}");
    let secret =
        base32::decode(base32::Alphabet::Rfc4648 { padding: false }, setup["secret"].as_str().unwrap()).unwrap();
    let body = json!({ "code": totp_code(&secret, step_now()), "password": PASSWORD });
    let (status, enabled) = send(app, Method::POST, "/auth/totp/enable", Some(bearer), Some(body)).await;
    assert_eq!(status, StatusCode::OK, "{enabled}");
    secret
}

/// An administrator as the console needs one: the role from the operator's command, an
/// authenticator, and a fresh sign-in through both steps (so the sudo window is open).
struct AdminAccount {
    id: i64,
    bearer: String,
}

async fn admin(app: &TestApp, email: &str) -> AdminAccount {
    let id = signup(app, email, "Admin").await;
    let first = bearer(app, email).await;
    let secret = enrol_authenticator(app, &first).await;
    assert!(operator::grant_admin(app.auth.db(), email).await.unwrap());
    let (status, challenged) = login(app, email).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{challenged}");
    // The code that turned the authenticator on is spent: the next step's is accepted.
    let body = json!({ "challenge": challenged["challenge"], "code": totp_code(&secret, step_now() + 1) });
    let (status, signed_in) = send(app, Method::POST, "/auth/login/second-factor", None, Some(body)).await;
    assert_eq!(status, StatusCode::OK, "{signed_in}");
    AdminAccount { id, bearer: signed_in["access_token"].as_str().unwrap().to_owned() }
}

/// The types in the person's history, newest first.
async fn history(app: &TestApp, bearer: &str) -> Vec<String> {
    let (status, events) = get(app, "/auth/events", bearer).await;
    assert_eq!(status, StatusCode::OK);
    events.as_array().unwrap().iter().map(|event| event["type"].as_str().unwrap().to_owned()).collect()
}
