//! Tokens forged with the right key: every claim is checked, not only the signature, and a
//! logout wins every race against lookups of the same session.

use std::sync::Arc;

use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::common::{spawn_app, spawn_app_with, TestApp, PASSWORD, TEST_SECRET};
use latch::auth::server::sessions::unix_now;

/// Signs in and answers the token and its claims as the server issued them.
async fn signed_in(app: &TestApp, email: &str) -> (String, Value) {
    let client = reqwest::Client::new();
    let signup = json!({ "email": email, "username": "Ada", "password": PASSWORD });
    assert_eq!(client.post(app.url("/auth/signup")).json(&signup).send().await.unwrap().status(), 200);
    let login = json!({ "email": email, "password": PASSWORD });
    let body: Value = client.post(app.url("/auth/login")).json(&login).send().await.unwrap().json().await.unwrap();
    let token = body["access_token"].as_str().unwrap().to_owned();
    let payload = token.split('.').nth(1).unwrap();
    use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
    let claims = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap();
    (token, claims)
}

fn sign(algorithm: Algorithm, claims: &Value) -> String {
    encode(&Header::new(algorithm), claims, &EncodingKey::from_secret(TEST_SECRET.as_bytes())).unwrap()
}

async fn me_status(app: &TestApp, token: &str) -> StatusCode {
    reqwest::Client::new().get(app.url("/auth/me")).bearer_auth(token).send().await.unwrap().status()
}

#[tokio::test]
async fn a_token_signed_with_the_right_key_is_refused_when_any_claim_is_wrong() {
    let app = spawn_app().await;
    let (token, claims) = signed_in(&app, "ada@example.com").await;
    let (_, bob) = signed_in(&app, "bob@example.com").await;
    assert_eq!(me_status(&app, &token).await, StatusCode::OK);
    assert_eq!(me_status(&app, &sign(Algorithm::HS256, &claims)).await, StatusCode::OK, "a faithful re-signing passes");

    let with = |change: &dyn Fn(&mut Value)| {
        let mut forged = claims.clone();
        change(&mut forged);
        forged
    };
    let cases: Vec<(&str, String)> = vec![
        ("wrong iss", sign(Algorithm::HS256, &with(&|c| c["iss"] = json!("someone-else")))),
        ("wrong aud", sign(Algorithm::HS256, &with(&|c| c["aud"] = json!("another-service")))),
        ("missing aud", sign(Algorithm::HS256, &with(&|c| drop(c.as_object_mut().unwrap().remove("aud"))))),
        ("missing exp", sign(Algorithm::HS256, &with(&|c| drop(c.as_object_mut().unwrap().remove("exp"))))),
        ("HS384", sign(Algorithm::HS384, &claims)),
        ("HS512", sign(Algorithm::HS512, &claims)),
        // Bob's user id on Ada's session: the session must belong to the subject.
        ("sub not owning the session", sign(Algorithm::HS256, &with(&|c| c["sub"] = bob["sub"].clone()))),
        ("nbf in the future", sign(Algorithm::HS256, &with(&|c| c["nbf"] = json!(unix_now() + 3600)))),
    ];
    for (case, forged) in cases {
        assert_eq!(me_status(&app, &forged).await, StatusCode::UNAUTHORIZED, "{case}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn lookups_racing_a_logout_never_leave_the_revoked_session_cached_as_live() {
    let app = Arc::new(spawn_app_with(&[("THROTTLE_SIGNUPS_PER_ADDRESS", "100000")]).await);
    for round in 0..20 {
        let (token, _) = signed_in(&app, &format!("racer{round}@example.com")).await;
        let client = reqwest::Client::new();
        let barrier = Arc::new(tokio::sync::Barrier::new(17));
        let lookups: Vec<_> = (0..16)
            .map(|_| {
                let (app, token, barrier, client) = (app.clone(), token.clone(), barrier.clone(), client.clone());
                tokio::spawn(async move {
                    barrier.wait().await;
                    for _ in 0..4 {
                        client.get(app.url("/auth/me")).bearer_auth(&token).send().await.unwrap();
                    }
                })
            })
            .collect();
        barrier.wait().await;
        let logout = client.post(app.url("/auth/logout")).bearer_auth(&token).send().await.unwrap();
        assert_eq!(logout.status(), StatusCode::OK);
        for lookup in lookups {
            lookup.await.unwrap();
        }
        // The logout has answered: from now on, every lookup must be refused.
        assert_eq!(me_status(&app, &token).await, StatusCode::UNAUTHORIZED, "round {round}");
    }
}

/// What the browser's door answers for `token` in its cookie: the profile, or `null`.
async fn browser_me(app: &TestApp, token: &str) -> Value {
    let me = reqwest::Client::new()
        .get(app.url("/api/auth/me"))
        .header("cookie", format!("latch_session={token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), StatusCode::OK);
    me.json().await.unwrap()
}

/// The hot path answers a client it has seen from memory (the checked-token cache, the
/// session cache). With both warm for a token, every other token that differs from it is
/// still checked in full on both doors, and a logout ends the warm token itself at once.
#[tokio::test]
async fn with_the_caches_warm_every_check_still_refuses_on_both_doors() {
    let app = spawn_app().await;
    let (token, claims) = signed_in(&app, "ada@example.com").await;
    for _ in 0..3 {
        assert_eq!(me_status(&app, &token).await, StatusCode::OK);
        assert_eq!(browser_me(&app, &token).await["email"], "ada@example.com");
    }

    let with = |change: &dyn Fn(&mut Value)| {
        let mut forged = claims.clone();
        change(&mut forged);
        sign(Algorithm::HS256, &forged)
    };
    let flip = |at: usize| {
        let mut bytes = token.clone().into_bytes();
        bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
        String::from_utf8(bytes).unwrap()
    };
    let payload_at = token.find('.').unwrap() + 10;
    let cases = [
        ("expired, same session", with(&|c| c["exp"] = json!(unix_now() - 3600))),
        ("wrong audience, same session", with(&|c| c["aud"] = json!("another-service"))),
        ("tampered claims", flip(payload_at)),
        ("tampered signature", flip(token.len() - 3)),
        ("the token with a byte more", format!("{token}A")),
    ];
    for (case, bad) in &cases {
        assert_eq!(me_status(&app, bad).await, StatusCode::UNAUTHORIZED, "{case}");
        assert_eq!(browser_me(&app, bad).await, Value::Null, "{case}");
    }
    assert_eq!(me_status(&app, &token).await, StatusCode::OK, "the refusals did not touch the good token");

    let logout = reqwest::Client::new().post(app.url("/auth/logout")).bearer_auth(&token).send().await.unwrap();
    assert_eq!(logout.status(), StatusCode::OK);
    assert_eq!(me_status(&app, &token).await, StatusCode::UNAUTHORIZED, "revoked: refused at once");
    assert_eq!(browser_me(&app, &token).await, Value::Null, "revoked: refused at once by the browser's door");
}
