//! Mail: verifying the address, resetting a forgotten password, moving to a new address,
//! through a real SMTP server on loopback (`support/smtp_sink.rs`). Nothing about sending is
//! mocked: Latch's outbox worker speaks SMTP to the sink, and the tests read what arrived.
//! This file: what every mail test uses; the tests sit in one file per idea.

mod address;
mod outbox;
mod recovery;
mod reset;

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::{
    common::{lock_the_accounts_for, spawn_app_with, TestApp, PASSWORD},
    smtp_sink::{ReceivedMail, SmtpSink},
};

pub(super) const NEW_PASSWORD: &str = "a brand new passphrase for ada";
/// How long a message may take to arrive: the worker is woken at once, so this is slack.
pub(super) const ARRIVES_WITHIN: Duration = Duration::from_secs(10);

/// An app whose outbox sends to a fresh sink.
pub(super) async fn app_with_mail(extra: &[(&str, &str)]) -> (TestApp, SmtpSink) {
    let sink = SmtpSink::start();
    let url = sink.url();
    let mut vars = vec![("SMTP_URL", url.as_str()), ("MAIL_FROM", "Latch <latch@example.test>")];
    vars.extend_from_slice(extra);
    (spawn_app_with(&vars).await, sink)
}

pub(super) async fn api_signup(app: &TestApp, email: &str) {
    let answer = app
        .client
        .post(app.url("/auth/signup"))
        .json(&json!({ "email": email, "username": "Ada", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK, "{}", answer.text().await.unwrap());
}

pub(super) async fn bearer_login(app: &TestApp, email: &str, password: &str) -> reqwest::Response {
    app.client.post(app.url("/auth/login")).json(&json!({ "email": email, "password": password })).send().await.unwrap()
}

pub(super) async fn token_of(app: &TestApp, email: &str, password: &str) -> String {
    let answer = bearer_login(app, email, password).await;
    assert_eq!(answer.status(), StatusCode::OK);
    answer.json::<Value>().await.unwrap()["access_token"].as_str().unwrap().to_owned()
}

pub(super) async fn account(app: &TestApp, token: &str) -> Value {
    let answer = reqwest::Client::new().get(app.url("/auth/account")).bearer_auth(token).send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    answer.json().await.unwrap()
}

pub(super) async fn post_json(app: &TestApp, path: &str, body: Value) -> reqwest::Response {
    reqwest::Client::new().post(app.url(path)).json(&body).send().await.unwrap()
}

pub(super) async fn ask_reset(app: &TestApp, email: &str) -> reqwest::Response {
    post_json(app, "/auth/password-reset", json!({ "email": email })).await
}

pub(super) async fn confirm_reset(app: &TestApp, token: &str, password: &str) -> reqwest::Response {
    post_json(app, "/auth/password-reset/confirm", json!({ "token": token, "new_password": password })).await
}

pub(super) async fn verify(app: &TestApp, token: &str) -> reqwest::Response {
    post_json(app, "/auth/verify-email", json!({ "token": token })).await
}

pub(super) async fn code_of(answer: reqwest::Response) -> (StatusCode, String) {
    let status = answer.status();
    let body: Value = answer.json().await.unwrap();
    (status, body["code"].as_str().unwrap_or_default().to_owned())
}

/// The `nth` mail (from 1) to `to` under `subject`, waiting for it: other notices (a new
/// device's) may arrive in between, so a mail's place in the mailbox says little.
pub(super) async fn nth_with_subject(sink: &SmtpSink, to: &str, subject: &str, nth: usize) -> ReceivedMail {
    let deadline = Instant::now() + ARRIVES_WITHIN;
    loop {
        let mut matching: Vec<ReceivedMail> = sink
            .received_by(to)
            .into_iter()
            .filter(|mail| mail.header("Subject").as_deref() == Some(subject))
            .collect();
        if matching.len() >= nth {
            return matching.swap_remove(nth - 1);
        }
        assert!(Instant::now() < deadline, "no mail number {nth} to {to} about \"{subject}\"");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

pub(super) fn reset_token(mail: &ReceivedMail) -> String {
    mail.token_for("/reset-password")
}

/// Posts a server function of the email pages with the session cookie the client holds.
pub(super) async fn email_fn(app: &TestApp, endpoint: &str, form: &[(&str, &str)]) -> reqwest::Response {
    app.client
        .post(app.url(&format!("/api/email/{endpoint}")))
        .header("accept", "application/json")
        .form(form)
        .send()
        .await
        .unwrap()
}
