//! GitHub's path (plain OAuth 2 and its REST API) against a GitHub-shaped server: GitHub
//! itself cannot be reached from here, and no installable server speaks its API, so this one
//! answers as GitHub's documentation says (the authorize redirect, `access_token` as JSON when
//! asked, `/user`, `/user/emails`), and checks what Latch sends (the secret, the PKCE
//! verifier against the challenge).

use std::sync::{Arc, Mutex};

use axum::{
    extract::{Form, Query, State},
    http::HeaderMap,
    response::{IntoResponse, Redirect},
    routing::{get, post},
    Json, Router,
};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::app_on_known_port;
use super::{assert_redirects_to, browser, open};

#[derive(Default)]
struct GitHubState {
    /// The code challenge of the sign-in under way.
    challenge: String,
    /// The primary address, and whether GitHub verified it.
    primary: (String, bool),
}

type Shared = Arc<Mutex<GitHubState>>;

async fn authorize(
    State(state): State<Shared>,
    Query(query): Query<std::collections::HashMap<String, String>>,
) -> impl IntoResponse {
    assert_eq!(query["code_challenge_method"], "S256");
    state.lock().unwrap().challenge = query["code_challenge"].clone();
    Redirect::to(&format!("{}?code=gh-code&state={}", query["redirect_uri"], query["state"]))
}

async fn access_token(
    State(state): State<Shared>,
    headers: HeaderMap,
    Form(form): Form<std::collections::HashMap<String, String>>,
) -> Json<Value> {
    assert_eq!(headers["accept"], "application/json");
    let verifier_ok =
        URL_SAFE_NO_PAD.encode(Sha256::digest(form["code_verifier"].as_bytes())) == state.lock().unwrap().challenge;
    if form["client_secret"] != "gh-secret" || form["code"] != "gh-code" || !verifier_ok {
        // GitHub answers a bad exchange with 200 and an error.
        return Json(json!({ "error": "bad_verification_code" }));
    }
    Json(json!({ "access_token": "gho_test", "token_type": "bearer", "scope": "read:user,user:email" }))
}

async fn user(headers: HeaderMap) -> Json<Value> {
    assert_eq!(headers["authorization"], "Bearer gho_test");
    Json(json!({ "id": 583231, "login": "octocat", "name": "The Octocat" }))
}

async fn emails(State(state): State<Shared>) -> Json<Value> {
    let (address, verified) = state.lock().unwrap().primary.clone();
    Json(json!([
        { "email": "octocat@users.noreply.github.com", "primary": false, "verified": true },
        { "email": address, "primary": true, "verified": verified },
    ]))
}

#[tokio::test]
async fn github_signs_in_with_its_verified_primary_address_only() {
    let state: Shared = Arc::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = Router::new()
        .route("/login/oauth/authorize", get(authorize))
        .route("/login/oauth/access_token", post(access_token))
        .route("/api/user", get(user))
        .route("/api/user/emails", get(emails))
        .with_state(state.clone());
    tokio::spawn(async move { axum::serve(listener, app).await });
    let api = format!("{base}/api");
    let latch = app_on_known_port(&[
        ("GITHUB_CLIENT_ID", "gh-client"),
        ("GITHUB_CLIENT_SECRET", "gh-secret"),
        ("GITHUB_URL", base.as_str()),
        ("GITHUB_API_URL", api.as_str()),
    ])
    .await;
    let through_github = |browser: reqwest::Client| {
        let latch = &latch;
        async move {
            let leave = browser.get(latch.url("/auth/oidc/github?next=/account")).send().await.unwrap();
            let authorize = leave.headers()["location"].to_str().unwrap().to_owned();
            assert!(authorize.contains("scope=read%3Auser+user%3Aemail"), "{authorize}");
            let back = browser.get(&authorize).send().await.unwrap();
            let callback = back.headers()["location"].to_str().unwrap().to_owned();
            open(&browser, &callback).await
        }
    };

    state.lock().unwrap().primary = ("octo@example.com".into(), false);
    let refused = through_github(browser()).await;
    assert_eq!(refused.status(), 403, "an unverified primary address makes no account");
    assert_eq!(latch.count("SELECT COUNT(*) FROM users").await, 0);

    state.lock().unwrap().primary = ("octo@example.com".into(), true);
    let signed_in = browser();
    let answer = through_github(signed_in.clone()).await;
    assert_redirects_to(&answer, "/account");
    let me: Value = signed_in.get(latch.url("/auth/me")).send().await.unwrap().json().await.unwrap();
    assert_eq!(me["email"], "octo@example.com");
    assert_eq!(me["username"], "The Octocat");
    let recorded = latch.strings("SELECT issuer || ' ' || subject || ' ' || provider FROM linked_identities").await;
    assert_eq!(recorded, [format!("{base} 583231 github")]);
}
