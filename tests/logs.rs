//! The log: one line per auth event, and never a password or a token. This runs the real
//! binary, as an operator would, and reads everything it wrote at the most verbose level.
#![cfg(feature = "ssr")]

use std::{
    io::{BufRead, BufReader},
    process::{Command, Stdio},
    sync::mpsc,
    time::Duration,
};

use reqwest::Client;
use serde_json::{json, Value};

const CANARY_PASSWORD: &str = "canary-passphrase-7f3a9c";
const CANARY_WRONG_PASSWORD: &str = "canary-wrong-guess-51d2e8";

#[tokio::test]
async fn auth_events_are_logged_one_line_each_without_passwords_or_tokens() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = Command::new(env!("CARGO_BIN_EXE_latch"))
        .env_clear()
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .env("DATABASE_URL", format!("sqlite://{}/latch.db", dir.path().display()))
        .env("RUST_LOG", "trace")
        .env("NO_COLOR", "1")
        .stderr(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("the server binary starts");

    // Read the log on a thread; the first line naming the address tells us where to connect.
    let (lines_tx, lines_rx) = mpsc::channel::<String>();
    let stderr = server.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = lines_tx.send(line);
        }
    });
    let mut log = Vec::new();
    let addr = loop {
        let line = lines_rx.recv_timeout(Duration::from_secs(30)).expect("the server logs its address");
        let found = line.split("listening on http://").nth(1).map(|rest| rest.trim().to_owned());
        log.push(line);
        if let Some(addr) = found {
            break addr;
        }
    };
    let url = |path: &str| format!("http://{addr}{path}");
    let client = Client::new();

    let signup = json!({ "email": "ada@example.com", "username": "Ada", "password": CANARY_PASSWORD });
    assert!(client.post(url("/auth/signup")).json(&signup).send().await.unwrap().status().is_success());
    let wrong = json!({ "email": "ada@example.com", "password": CANARY_WRONG_PASSWORD });
    assert_eq!(client.post(url("/auth/login")).json(&wrong).send().await.unwrap().status(), 401);
    let login = json!({ "email": "ada@example.com", "password": CANARY_PASSWORD });
    let token: Value = client.post(url("/auth/login")).json(&login).send().await.unwrap().json().await.unwrap();
    let token = token["access_token"].as_str().unwrap().to_owned();
    assert!(client.get(url("/auth/me")).bearer_auth(&token).send().await.unwrap().status().is_success());
    assert!(client.delete(url("/logout")).bearer_auth(&token).send().await.unwrap().status().is_success());
    assert_eq!(client.get(url("/auth/me")).bearer_auth(&token).send().await.unwrap().status(), 401);

    // SIGKILL is enough here: everything above was answered, so its log lines were written.
    server.kill().unwrap();
    server.wait().unwrap();
    reader.join().unwrap();
    log.extend(lines_rx.try_iter());
    let log = log.join("\n");

    for secret in [CANARY_PASSWORD, CANARY_WRONG_PASSWORD, token.as_str(), token.split('.').nth(2).unwrap()] {
        assert!(!log.contains(secret), "the log holds a secret ({secret})");
    }
    for event in ["event=\"signup\"", "event=\"login_failed\"", "event=\"login\"", "event=\"logout\""] {
        assert_eq!(log.matches(event).count(), 1, "one {event} line in:\n{log}");
    }
    assert!(!log.contains("ada@example.com"), "accounts are named by id or email hash, not the address");
}
