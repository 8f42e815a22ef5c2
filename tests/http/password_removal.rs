//! Dropping the password: allowed only while another way in remains (a passkey, a linked
//! provider, or sign-in by email where it is offered and the address is proven); the owner is
//! mailed, the history says so, and the account then signs in by email.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::{
    common::{TestApp, PASSWORD},
    email::{app_with_mail, token_of, verify, ARRIVES_WITHIN},
    smtp_sink::SmtpSink,
};

const ADA: &str = "ada@example.com";

/// Ada's account (proven when `prove`), and a bearer token of hers.
async fn ada(app: &TestApp, sink: &SmtpSink, prove: bool) -> String {
    crate::email::api_signup(app, ADA).await;
    let welcome = sink.wait_for(ADA, 1, ARRIVES_WITHIN).await;
    if prove {
        assert_eq!(verify(app, &welcome[0].token_for("/verify-email")).await.status(), StatusCode::OK);
    }
    token_of(app, ADA, PASSWORD).await
}

async fn remove(app: &TestApp, bearer: &str, password: &str) -> (StatusCode, Value) {
    let answer = reqwest::Client::new()
        .delete(app.url("/auth/password"))
        .bearer_auth(bearer)
        .json(&json!({ "password": password }))
        .send()
        .await
        .unwrap();
    let status = answer.status();
    (status, answer.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_proven_address_with_email_sign_in_lets_the_password_go() {
    let (app, sink) = app_with_mail(&[]).await;
    let bearer = ada(&app, &sink, true).await;
    let (status, body) = remove(&app, &bearer, "not the password at all").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");

    assert_eq!(remove(&app, &bearer, PASSWORD).await.0, StatusCode::NO_CONTENT);
    assert_eq!(crate::email::account(&app, &bearer).await["has_password"], false);
    let login = crate::email::bearer_login(&app, ADA, PASSWORD).await;
    assert_eq!(login.status(), StatusCode::UNAUTHORIZED, "the old password opens nothing");
    let notice = crate::email::nth_with_subject(&sink, ADA, "A sign-in method of your account changed", 1).await;
    assert!(notice.text().contains("password was removed"), "{}", notice.text());
    assert_eq!(app.count("SELECT COUNT(*) FROM events WHERE type = 'password_removed'").await, 1);
    // Nothing left to remove.
    assert_eq!(remove(&app, &bearer, PASSWORD).await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_last_way_in_stays() {
    // Sign-in by email off: the password is the only way in.
    let (app, sink) = app_with_mail(&[("EMAIL_SIGN_IN", "off")]).await;
    let bearer = ada(&app, &sink, true).await;
    let (status, body) = remove(&app, &bearer, PASSWORD).await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::CONFLICT, Some("last_way_in")), "{body}");
    assert_eq!(crate::email::bearer_login(&app, ADA, PASSWORD).await.status(), StatusCode::OK);

    // On, but the address was never proven: it is no way in yet.
    let (app, sink) = app_with_mail(&[]).await;
    let bearer = ada(&app, &sink, false).await;
    let (status, body) = remove(&app, &bearer, PASSWORD).await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::CONFLICT, Some("last_way_in")), "{body}");
    assert_eq!(app.count("SELECT COUNT(*) FROM users WHERE password_hash <> ''").await, 1);
}
