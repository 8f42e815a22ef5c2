//! The breached-password filter (`BREACH_FILTER_PATH`): signup, a password change and a reset
//! refuse a listed password with a reason; a sign-in with one goes through, marks the account
//! and mails its owner once; a new password clears the mark. Each test's filter is built by
//! the library's own builder from a list of SHA-1 lines, as `latch breach-filter build` does.

use std::io::Cursor;

use latch::auth::server::password::breached::{build, BuildSettings};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

use crate::{
    common::{spawn_app_with, TestApp, PASSWORD},
    email::{account, app_with_mail, ask_reset, confirm_reset, reset_token, token_of, ARRIVES_WITHIN},
};

/// Passwords that pass every other rule (long, not common, not the person's name) but are
/// in the test's breach list.
const BREACHED: &str = "purple elephants dance at midnight";
const ALSO_BREACHED: &str = "my grandmother's secret lasagna";
const FINE: &str = "a passphrase nobody ever leaked";

fn sha1_line(password: &str) -> String {
    use sha1::{Digest, Sha1};
    let hex: String = Sha1::digest(password.as_bytes()).iter().map(|b| format!("{b:02X}")).collect();
    format!("{hex}:42\n")
}

/// A filter holding the two breached passwords among 20,000 others, in a folder kept for the
/// test's life.
fn filter_file() -> (tempfile::TempDir, String) {
    let mut list: String = (0..20_000).map(|i| sha1_line(&format!("someone else's password {i}"))).collect();
    list.push_str(&sha1_line(BREACHED));
    list.push_str(&sha1_line(ALSO_BREACHED));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("breached.filter");
    build(Cursor::new(list), &path, &BuildSettings::default(), &mut ()).unwrap();
    let path = path.to_str().unwrap().to_owned();
    (dir, path)
}

async fn api_signup(app: &TestApp, email: &str, password: &str) -> reqwest::Response {
    Client::new()
        .post(app.url("/auth/signup"))
        .json(&json!({ "email": email, "username": "Ada", "password": password }))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn signup_refuses_a_breached_password_on_both_doors_and_says_why() {
    let (_dir, filter) = filter_file();
    let app = spawn_app_with(&[("BREACH_FILTER_PATH", &filter)]).await;
    let browser = app.signup("ada@example.com", "Ada", BREACHED).await;
    assert_eq!(browser.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(browser.json::<Value>().await.unwrap()["Invalid"]["password"], "PasswordBreached");
    let api = api_signup(&app, "ada@example.com", ALSO_BREACHED).await;
    assert_eq!(api.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = api.json().await.unwrap();
    assert_eq!(body["detail"][0]["loc"], json!(["body", "password"]));
    assert!(body["detail"][0]["msg"].as_str().unwrap().contains("data breaches"), "{body}");
    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 0, "nothing was created");
    assert_eq!(api_signup(&app, "ada@example.com", FINE).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn without_a_filter_the_same_password_is_accepted() {
    // The control: the refusal above is the filter's, not another rule's.
    let app = spawn_app_with(&[]).await;
    assert_eq!(api_signup(&app, "ada@example.com", BREACHED).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_password_change_and_a_reset_refuse_a_breached_password_and_spend_nothing() {
    let (_dir, filter) = filter_file();
    let (app, sink) = app_with_mail(&[("BREACH_FILTER_PATH", &filter)]).await;
    assert_eq!(api_signup(&app, "ada@example.com", PASSWORD).await.status(), StatusCode::OK);
    let token = token_of(&app, "ada@example.com", PASSWORD).await;
    let change = |new: &'static str| {
        Client::new()
            .post(app.url("/auth/password"))
            .bearer_auth(&token)
            .json(&json!({ "current_password": PASSWORD, "new_password": new }))
            .send()
    };
    let refused = change(BREACHED).await.unwrap();
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text().await.unwrap().contains("data breaches"));

    assert_eq!(ask_reset(&app, "ada@example.com").await.status(), StatusCode::ACCEPTED);
    let mails = sink.wait_for("ada@example.com", 2, ARRIVES_WITHIN).await;
    let link = reset_token(&mails[1]);
    let refused = confirm_reset(&app, &link, ALSO_BREACHED).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // The link is not spent by the refusal.
    assert_eq!(confirm_reset(&app, &link, FINE).await.status(), StatusCode::OK);
    assert!(!token_of(&app, "ada@example.com", FINE).await.is_empty());
}

/// Signs up with `PASSWORD`, then sets the stored hash to `BREACHED`'s: an account made
/// before the filter was loaded, or before the list learned of its password.
async fn account_with_breached_password(app: &TestApp) {
    assert_eq!(api_signup(app, "ada@example.com", PASSWORD).await.status(), StatusCode::OK);
    let password = latch::auth::validate::Password::parse(BREACHED).unwrap();
    let hash = app.auth.hasher().hash(password).await.unwrap();
    app.execute(&format!("UPDATE users SET password_hash = '{}' WHERE email = 'ada@example.com'", hash.as_str())).await;
}

#[tokio::test]
async fn a_sign_in_with_a_breached_password_goes_through_marks_the_account_and_mails_once() {
    let (_dir, filter) = filter_file();
    let (app, sink) = app_with_mail(&[("BREACH_FILTER_PATH", &filter)]).await;
    account_with_breached_password(&app).await;
    let token = token_of(&app, "ada@example.com", BREACHED).await;
    assert_eq!(account(&app, &token).await["password_breached"], true);
    let again = token_of(&app, "ada@example.com", BREACHED).await;
    let mails = sink.wait_for("ada@example.com", 2, ARRIVES_WITHIN).await;
    let notice = &mails[1];
    assert_eq!(notice.header("Subject").as_deref(), Some("Your password appears in a data breach"));
    assert!(!notice.text().contains("http"), "a notice carries no link");
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(sink.received_by("ada@example.com").len(), 2, "one notice for two sign-ins");
    assert_eq!(app.count("SELECT COUNT(*) FROM events WHERE type = 'password_breached'").await, 1);

    // A new password clears the mark.
    let answer = Client::new()
        .post(app.url("/auth/password"))
        .bearer_auth(&again)
        .json(&json!({ "current_password": BREACHED, "new_password": FINE }))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK, "{}", answer.text().await.unwrap());
    let fresh = token_of(&app, "ada@example.com", FINE).await;
    assert_eq!(account(&app, &fresh).await["password_breached"], false);
}

#[tokio::test]
async fn the_account_page_asks_for_a_new_password_while_marked() {
    let (_dir, filter) = filter_file();
    let app = spawn_app_with(&[("BREACH_FILTER_PATH", &filter)]).await;
    account_with_breached_password(&app).await;
    let before = app.login("ada@example.com", PASSWORD).await;
    assert_eq!(before.status(), StatusCode::UNAUTHORIZED, "the stored password is the breached one now");
    assert_eq!(app.login("ada@example.com", BREACHED).await.status(), StatusCode::OK);
    let page = app.client.get(app.url("/account")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("id=\"breached-heading\""), "the warning is on the page");
    assert!(page.contains("Choose a new password"));
}

#[tokio::test]
async fn a_damaged_filter_stops_the_server_from_starting_with_the_reason() {
    let (dir, filter) = filter_file();
    let mut bytes = std::fs::read(&filter).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 1;
    let damaged = dir.path().join("damaged.filter");
    std::fs::write(&damaged, bytes).unwrap();
    let vars: std::collections::HashMap<String, String> = [
        ("LEPTOS_SITE_ADDR", "127.0.0.1:0".to_owned()),
        ("DATABASE_URL", format!("sqlite://{}/latch.db", dir.path().display())),
        ("LEPTOS_SITE_ROOT", dir.path().join("site").display().to_string()),
        ("JWT_SECRET", crate::common::TEST_SECRET.to_owned()),
        ("BREACH_FILTER_PATH", damaged.display().to_string()),
    ]
    .into_iter()
    .map(|(name, value)| (name.to_owned(), value))
    .collect();
    let config = latch::web::config::Config::from_vars(&vars).unwrap();
    let error = latch::server::startup::Application::build::<latch_app::LatchApp>(config).await.err().unwrap();
    assert!(error.to_string().contains("checksum"), "{error}");
}

#[tokio::test]
async fn sign_ins_released_together_mark_the_account_and_mail_once() {
    let (_dir, filter) = filter_file();
    let (app, sink) = app_with_mail(&[("BREACH_FILTER_PATH", &filter)]).await;
    account_with_breached_password(&app).await;
    // Each reads the account unmarked before any has marked it (they queue for the hashing
    // threads after reading): only the update's own condition keeps this to one mail.
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(8));
    let logins = (0..8).map(|_| {
        let barrier = barrier.clone();
        let url = app.url("/auth/login");
        async move {
            barrier.wait().await;
            Client::new().post(url).json(&json!({ "email": "ada@example.com", "password": BREACHED })).send().await
        }
    });
    for answer in futures::future::join_all(logins).await {
        assert_eq!(answer.unwrap().status(), StatusCode::OK);
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM events WHERE type = 'password_breached'").await, 1);
    sink.wait_for("ada@example.com", 2, ARRIVES_WITHIN).await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(sink.received_by("ada@example.com").len(), 2, "the welcome and one notice");
}
