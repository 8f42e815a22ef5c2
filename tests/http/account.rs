//! The account owner's routes, on the JSON API (bearer or cookie): sessions, password,
//! history, export and deletion, with every error they answer.

use reqwest::{Client, RequestBuilder, StatusCode};
use serde_json::{json, Value};

use crate::common::{spawn_app_with, TestApp, PASSWORD};

const NEW_PASSWORD: &str = "a fresh passphrase nobody guesses";

fn lenient_app() -> [(&'static str, &'static str); 1] {
    [("THROTTLE_SIGNUPS_PER_ADDRESS", "100000")]
}

async fn signup(app: &TestApp, email: &str) {
    let body = json!({ "email": email, "username": "Ada", "password": PASSWORD });
    assert_eq!(Client::new().post(app.url("/auth/signup")).json(&body).send().await.unwrap().status(), 200);
}

/// Logs in with `user_agent` and answers the bearer token.
async fn login(app: &TestApp, email: &str, password: &str, user_agent: &str) -> reqwest::Response {
    let body = json!({ "email": email, "password": password });
    Client::new().post(app.url("/auth/login")).header("user-agent", user_agent).json(&body).send().await.unwrap()
}

async fn token(app: &TestApp, email: &str, user_agent: &str) -> String {
    let answer = login(app, email, PASSWORD, user_agent).await;
    assert_eq!(answer.status(), 200);
    answer.json::<Value>().await.unwrap()["access_token"].as_str().unwrap().to_owned()
}

fn with(token: &str, request: RequestBuilder) -> RequestBuilder {
    request.bearer_auth(token)
}

async fn sessions(app: &TestApp, token: &str) -> Vec<Value> {
    let answer = with(token, Client::new().get(app.url("/auth/sessions"))).send().await.unwrap();
    assert_eq!(answer.status(), 200);
    answer.json().await.unwrap()
}

async fn event_types(app: &TestApp, token: &str) -> Vec<String> {
    let events: Vec<Value> =
        with(token, Client::new().get(app.url("/auth/events"))).send().await.unwrap().json().await.unwrap();
    events.iter().map(|event| event["type"].as_str().unwrap().to_owned()).collect()
}

const LINUX_CHROME: &str =
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";
const IPHONE: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1";

#[tokio::test]
async fn sessions_are_listed_newest_first_with_a_readable_device_and_the_current_one_marked() {
    let app = spawn_app_with(&lenient_app()).await;
    signup(&app, "ada@example.com").await;
    let laptop = token(&app, "ada@example.com", LINUX_CHROME).await;
    let phone = token(&app, "ada@example.com", IPHONE).await;
    let listed = sessions(&app, &laptop).await;
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0]["device"], "Safari on iOS");
    assert_eq!(listed[1]["device"], "Chrome on Linux");
    assert_eq!((listed[0]["current"].as_bool(), listed[1]["current"].as_bool()), (Some(false), Some(true)));
    for session in &listed {
        assert!(session["created_at"].as_i64().unwrap() > 0 && session["last_seen_at"].as_i64().unwrap() > 0);
        let id = session["id"].as_str().unwrap();
        assert!(!laptop.contains(id) && !phone.contains(id), "the id is not the token's jti");
    }
}

#[tokio::test]
async fn a_session_can_be_signed_out_from_another_and_its_token_stops_working() {
    let app = spawn_app_with(&lenient_app()).await;
    signup(&app, "ada@example.com").await;
    let laptop = token(&app, "ada@example.com", LINUX_CHROME).await;
    let phone = token(&app, "ada@example.com", IPHONE).await;
    let phone_id = sessions(&app, &laptop).await[0]["id"].as_str().unwrap().to_owned();
    let revoked =
        with(&laptop, Client::new().delete(app.url(&format!("/auth/sessions/{phone_id}")))).send().await.unwrap();
    assert_eq!(revoked.status(), StatusCode::NO_CONTENT);
    let me = with(&phone, Client::new().get(app.url("/auth/me"))).send().await.unwrap();
    assert_eq!(me.status(), StatusCode::UNAUTHORIZED, "the phone's token is refused at once");
    assert_eq!(sessions(&app, &laptop).await.len(), 1, "a revoked session is not listed");
    let again =
        with(&laptop, Client::new().delete(app.url(&format!("/auth/sessions/{phone_id}")))).send().await.unwrap();
    assert_eq!(again.status(), StatusCode::NOT_FOUND, "already ended");
    assert!(event_types(&app, &laptop).await.contains(&"session_revoked".to_owned()));
}

#[tokio::test]
async fn another_accounts_session_or_an_unknown_id_is_404_and_nothing_ends() {
    let app = spawn_app_with(&lenient_app()).await;
    signup(&app, "ada@example.com").await;
    signup(&app, "bob@example.com").await;
    let ada = token(&app, "ada@example.com", LINUX_CHROME).await;
    let bob = token(&app, "bob@example.com", LINUX_CHROME).await;
    let bobs_id = sessions(&app, &bob).await[0]["id"].as_str().unwrap().to_owned();
    for id in [bobs_id.as_str(), "not-a-session", "AAAAAAAAAAAAAAAA"] {
        let answer = with(&ada, Client::new().delete(app.url(&format!("/auth/sessions/{id}")))).send().await.unwrap();
        assert_eq!(answer.status(), StatusCode::NOT_FOUND, "{id}");
        assert_eq!(answer.json::<Value>().await.unwrap()["code"], "not_found");
    }
    assert_eq!(with(&bob, Client::new().get(app.url("/auth/me"))).send().await.unwrap().status(), 200);
}

#[tokio::test]
async fn revoke_others_ends_every_session_but_the_callers() {
    let app = spawn_app_with(&lenient_app()).await;
    signup(&app, "ada@example.com").await;
    let keep = token(&app, "ada@example.com", LINUX_CHROME).await;
    let others = [token(&app, "ada@example.com", IPHONE).await, token(&app, "ada@example.com", IPHONE).await];
    let answer = with(&keep, Client::new().post(app.url("/auth/sessions/revoke-others"))).send().await.unwrap();
    assert_eq!(answer.json::<Value>().await.unwrap(), json!({ "revoked": 2 }));
    for other in others {
        assert_eq!(with(&other, Client::new().get(app.url("/auth/me"))).send().await.unwrap().status(), 401);
    }
    assert_eq!(with(&keep, Client::new().get(app.url("/auth/me"))).send().await.unwrap().status(), 200);
}

async fn change_password(app: &TestApp, token: &str, body: Value) -> reqwest::Response {
    with(token, Client::new().post(app.url("/auth/password"))).json(&body).send().await.unwrap()
}

#[tokio::test]
async fn changing_the_password_needs_the_current_one_follows_the_rules_and_signs_out_the_others() {
    let app = spawn_app_with(&lenient_app()).await;
    signup(&app, "ada@example.com").await;
    let laptop = token(&app, "ada@example.com", LINUX_CHROME).await;
    let phone = token(&app, "ada@example.com", IPHONE).await;
    let wrong =
        change_password(&app, &laptop, json!({ "current_password": "not my password!", "new_password": NEW_PASSWORD }))
            .await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.json::<Value>().await.unwrap()["code"], "invalid_credentials");
    let weak =
        change_password(&app, &laptop, json!({ "current_password": PASSWORD, "new_password": "password1234" })).await;
    assert_eq!(weak.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(weak.json::<Value>().await.unwrap()["detail"][0]["loc"], json!(["body", "password"]));
    let missing = change_password(&app, &laptop, json!({ "current_password": PASSWORD })).await;
    assert_eq!(missing.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let changed =
        change_password(&app, &laptop, json!({ "current_password": PASSWORD, "new_password": NEW_PASSWORD })).await;
    assert_eq!(changed.status(), StatusCode::OK);
    assert_eq!(with(&phone, Client::new().get(app.url("/auth/me"))).send().await.unwrap().status(), 401, "signed out");
    assert_eq!(with(&laptop, Client::new().get(app.url("/auth/me"))).send().await.unwrap().status(), 200, "kept");
    assert_eq!(login(&app, "ada@example.com", PASSWORD, IPHONE).await.status(), 401, "the old password is refused");
    assert_eq!(login(&app, "ada@example.com", NEW_PASSWORD, IPHONE).await.status(), 200);
    let types = event_types(&app, &laptop).await;
    assert!(types.contains(&"password_changed".to_owned()) && types.contains(&"login_failed".to_owned()), "{types:?}");
}

#[tokio::test]
async fn keeping_other_sessions_is_a_choice() {
    let app = spawn_app_with(&lenient_app()).await;
    signup(&app, "ada@example.com").await;
    let laptop = token(&app, "ada@example.com", LINUX_CHROME).await;
    let phone = token(&app, "ada@example.com", IPHONE).await;
    let body = json!({ "current_password": PASSWORD, "new_password": NEW_PASSWORD, "sign_out_others": false });
    assert_eq!(change_password(&app, &laptop, body).await.status(), StatusCode::OK);
    assert_eq!(with(&phone, Client::new().get(app.url("/auth/me"))).send().await.unwrap().status(), 200);
}

#[tokio::test]
async fn wrong_current_passwords_are_throttled_like_logins() {
    let app = spawn_app_with(&[("THROTTLE_LOGIN_FAILURES_PER_ACCOUNT", "30")]).await;
    signup(&app, "ada@example.com").await;
    let laptop = token(&app, "ada@example.com", LINUX_CHROME).await;
    let wrong = json!({ "current_password": "not my password!", "new_password": NEW_PASSWORD });
    for _ in 0..3 {
        assert_eq!(change_password(&app, &laptop, wrong.clone()).await.status(), StatusCode::UNAUTHORIZED);
    }
    let throttled = change_password(&app, &laptop, wrong).await;
    assert_eq!(throttled.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(throttled.headers().contains_key("retry-after"));
    // Recorded after the answer (the refusal touches no account): it arrives shortly.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !event_types(&app, &laptop).await.contains(&"throttled".to_owned()) {
        assert!(std::time::Instant::now() < deadline, "no throttled event in the history");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn the_history_is_newest_first_paginated_and_records_where_each_event_came_from() {
    let app = spawn_app_with(&[("TRUST_PROXY", "true")]).await;
    signup(&app, "ada@example.com").await;
    let guess = json!({ "email": "ada@example.com", "password": "a wrong guess!!" });
    let client = Client::new();
    client.post(app.url("/auth/login")).header("x-forwarded-for", "203.0.113.66").json(&guess).send().await.unwrap();
    let token = token(&app, "ada@example.com", LINUX_CHROME).await;
    let all: Vec<Value> = with(&token, client.get(app.url("/auth/events"))).send().await.unwrap().json().await.unwrap();
    let types: Vec<&str> = all.iter().map(|event| event["type"].as_str().unwrap()).collect();
    assert_eq!(types, ["login", "login_failed", "signup"]);
    assert_eq!(all[1]["ip"], "203.0.113.66", "a failed login shows the address it came from");
    assert_eq!(all[0]["user_agent"], LINUX_CHROME);
    let page = with(&token, client.get(app.url(&format!("/auth/events?limit=1&before={}", all[0]["id"]))));
    let page: Vec<Value> = page.send().await.unwrap().json().await.unwrap();
    assert_eq!(page, all[1..2]);
    for bad in ["limit=lots", "limit=0", "limit=201", "limit=2147483648", "before=x"] {
        let answer = with(&token, client.get(app.url(&format!("/auth/events?{bad}")))).send().await.unwrap();
        assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    }
}

#[tokio::test]
async fn the_export_holds_profile_sessions_and_events_as_an_attachment_and_never_the_hash() {
    let app = spawn_app_with(&lenient_app()).await;
    signup(&app, "ada@example.com").await;
    let token = token(&app, "ada@example.com", LINUX_CHROME).await;
    let answer = with(&token, Client::new().get(app.url("/auth/export"))).send().await.unwrap();
    assert_eq!(answer.status(), 200);
    assert!(answer.headers()["content-disposition"].to_str().unwrap().starts_with("attachment; filename="));
    let text = answer.text().await.unwrap();
    assert!(!text.contains("argon2") && !text.contains("password_hash"), "{text}");
    let export: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(export["profile"]["email"], "ada@example.com");
    assert_eq!(export["sessions"].as_array().unwrap().len(), 1);
    assert_eq!(export["events"].as_array().unwrap().len(), 2);
    // The rest of what is held, never a secret: proof of the address, factors, passkeys and a
    // pending move.
    assert_eq!(export["email_verified"], false);
    assert_eq!(export["language"], "en");
    assert_eq!(export["second_factor"], json!({ "totp_enabled": false, "recovery_codes_left": 0 }));
    assert_eq!(export["passkeys"], json!([]));
    assert_eq!(export["pending_email_change"], Value::Null);
    let hash = "0".repeat(64);
    app.execute(&format!(
        "INSERT INTO email_tokens (user_id, purpose, lookup, token_hash, email, created_at, expires_at)
         VALUES (1, 'change_email', '0123456789abcdef', '{hash}', 'ada@new.example', 0, 9999999999)"
    ))
    .await;
    let export: Value =
        with(&token, Client::new().get(app.url("/auth/export"))).send().await.unwrap().json().await.unwrap();
    assert_eq!(export["pending_email_change"], json!({ "new_email": "ada@new.example", "expires_at": 9999999999i64 }));
    assert!(!export.to_string().contains(&hash), "no token hash");
}

#[tokio::test]
async fn deleting_the_account_needs_its_password_and_then_every_token_is_refused_and_the_email_is_free() {
    let app = spawn_app_with(&lenient_app()).await;
    signup(&app, "ada@example.com").await;
    let bearer = token(&app, "ada@example.com", LINUX_CHROME).await;
    let cookie_token = token(&app, "ada@example.com", IPHONE).await;
    let delete = |password: &str| {
        with(&bearer, Client::new().delete(app.url("/auth/account"))).json(&json!({ "password": password })).send()
    };
    assert_eq!(delete("not my password!").await.unwrap().status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        with(&bearer, Client::new().get(app.url("/auth/me"))).send().await.unwrap().status(),
        200,
        "nothing changed"
    );
    assert_eq!(delete(PASSWORD).await.unwrap().status(), StatusCode::NO_CONTENT);
    assert_eq!(with(&bearer, Client::new().get(app.url("/auth/me"))).send().await.unwrap().status(), 401);
    let by_cookie = Client::new().get(app.url("/auth/me")).header("cookie", format!("latch_session={cookie_token}"));
    assert_eq!(by_cookie.send().await.unwrap().status(), 401, "the cookie's token too");
    assert_eq!(login(&app, "ada@example.com", PASSWORD, IPHONE).await.status(), 401);
    signup(&app, "ada@example.com").await;
}

#[tokio::test]
async fn every_account_route_refuses_a_caller_who_is_not_signed_in() {
    let app = spawn_app_with(&[]).await;
    let client = Client::new();
    let requests = [
        client.get(app.url("/auth/sessions")),
        client.delete(app.url("/auth/sessions/x")),
        client.post(app.url("/auth/sessions/revoke-others")),
        client.post(app.url("/auth/password")).json(&json!({ "current_password": "x", "new_password": "y" })),
        client.get(app.url("/auth/events")),
        client.get(app.url("/auth/export")),
        client.delete(app.url("/auth/account")).json(&json!({ "password": "x" })),
    ];
    for request in requests {
        let answer = request.send().await.unwrap();
        assert_eq!(answer.status(), StatusCode::UNAUTHORIZED, "{}", answer.url());
    }
}

#[tokio::test]
async fn an_accounts_history_keeps_its_newest_thousand_events_however_often_it_signs_in() {
    let app = spawn_app_with(&lenient_app()).await;
    signup(&app, "ada@example.com").await;
    // 1,100 sign-ins' worth of history, written straight into the table (a login loop at
    // Argon2's pace would take minutes), then one real sign-in.
    let rows: Vec<String> = (0..1_100).map(|n| format!("(1, 'login', {n}, '192.0.2.1', 'a loop')")).collect();
    app.execute(&format!("INSERT INTO events (user_id, type, at, ip, user_agent) VALUES {}", rows.join(", "))).await;
    let bearer = token(&app, "ada@example.com", LINUX_CHROME).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM events WHERE user_id = 1").await, 1_000, "the bound");
    let events: Value =
        with(&bearer, Client::new().get(app.url("/auth/events?limit=1"))).send().await.unwrap().json().await.unwrap();
    assert_ne!(events[0]["user_agent"], "a loop", "the newest, the real sign-in, is kept: {events}");
    assert_eq!(app.count("SELECT COUNT(*) FROM events WHERE user_id = 1 AND at < 100").await, 0, "the oldest went");
}
