//! The log: one line per auth event, and never a password or a token. This runs the real
//! binary, as an operator would, and reads everything it wrote at the most verbose level.
use crate::{one_at_a_time, running::RunningServer};
use reqwest::Client;
use serde_json::{json, Value};

const CANARY_PASSWORD: &str = "canary-passphrase-7f3a9c";
const CANARY_WRONG_PASSWORD: &str = "canary-wrong-guess-51d2e8";

#[tokio::test]
async fn auth_events_are_logged_one_line_each_without_passwords_or_tokens() {
    let _turn = one_at_a_time().await;
    let dir = tempfile::tempdir().unwrap();
    let mut server = RunningServer::start(dir.path(), &[("RUST_LOG", "trace")]);
    let client = Client::new();

    let signup = json!({ "email": "ada@example.com", "username": "Ada", "password": CANARY_PASSWORD });
    assert!(client.post(server.url("/auth/signup")).json(&signup).send().await.unwrap().status().is_success());
    let wrong = json!({ "email": "ada@example.com", "password": CANARY_WRONG_PASSWORD });
    assert_eq!(client.post(server.url("/auth/login")).json(&wrong).send().await.unwrap().status(), 401);
    let login = json!({ "email": "ada@example.com", "password": CANARY_PASSWORD });
    let token: Value = client.post(server.url("/auth/login")).json(&login).send().await.unwrap().json().await.unwrap();
    let token = token["access_token"].as_str().unwrap().to_owned();
    assert!(client.get(server.url("/auth/me")).bearer_auth(&token).send().await.unwrap().status().is_success());
    assert!(client.delete(server.url("/logout")).bearer_auth(&token).send().await.unwrap().status().is_success());
    assert_eq!(client.get(server.url("/auth/me")).bearer_auth(&token).send().await.unwrap().status(), 401);

    // Everything above was answered, so its log lines were written; a clean stop flushes the rest.
    assert!(server.terminate().success());
    let log = server.log();

    for secret in [CANARY_PASSWORD, CANARY_WRONG_PASSWORD, token.as_str(), token.split('.').nth(2).unwrap()] {
        assert!(!log.contains(secret), "the log holds a secret ({secret})");
    }
    for event in ["event=\"signup\"", "event=\"login_failed\"", "event=\"login\"", "event=\"logout\""] {
        assert_eq!(log.matches(event).count(), 1, "one {event} line in:\n{log}");
    }
    assert!(!log.contains("ada@example.com"), "accounts are named by id or email hash, not the address");
}
