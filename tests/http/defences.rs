//! The defences of both doors: each test names what it proves, and fails without it.
use crate::common::{session_cookie, spawn_app, spawn_app_with, PASSWORD};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

#[tokio::test]
async fn a_common_password_is_refused_on_both_doors() {
    let app = spawn_app().await;
    let browser = app.signup("ada@example.com", "Ada", "qwertyuiop12").await;
    assert_eq!(browser.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(browser.json::<Value>().await.unwrap()["Invalid"]["password"], "PasswordTooCommon");
    let api = Client::new()
        .post(app.url("/auth/signup"))
        .json(&json!({ "email": "ada@example.com", "username": "Ada", "password": "Football12345" }))
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(api.json::<Value>().await.unwrap()["detail"][0]["loc"], json!(["body", "password"]));
}

#[tokio::test]
async fn login_failures_from_one_address_get_429_with_retry_after_before_any_hashing() {
    // 30 an hour: a burst of 3.
    let app = spawn_app_with(&[("THROTTLE_LOGIN_FAILURES_PER_ADDRESS", "30")]).await;
    app.signup("ada@example.com", "Ada", PASSWORD).await;
    for n in 0..3 {
        let failed = app.login(&format!("guess{n}@example.com"), "some wrong password").await;
        assert_eq!(failed.status(), StatusCode::UNAUTHORIZED);
    }
    let before = app.auth.hasher().verifications();
    let throttled = app.login("ada@example.com", PASSWORD).await;
    assert_eq!(throttled.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = throttled.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=200).contains(&retry_after), "{retry_after}");
    assert_eq!(app.auth.hasher().verifications(), before, "a throttled attempt costs no hashing");
}

#[tokio::test]
async fn an_account_guessed_at_from_many_addresses_meets_its_ceiling() {
    let app = spawn_app_with(&[("TRUST_PROXY", "true"), ("THROTTLE_LOGIN_FAILURES_PER_ACCOUNT_CEILING", "20")]).await;
    app.signup("ada@example.com", "Ada", PASSWORD).await;
    let attempt = |n: u8, password: &'static str| {
        Client::new()
            .post(app.url("/auth/login"))
            .header("x-forwarded-for", format!("203.0.113.{n}"))
            .json(&json!({ "email": "ada@example.com", "password": password }))
            .send()
    };
    assert_eq!(attempt(1, "wrong password one").await.unwrap().status(), StatusCode::UNAUTHORIZED);
    assert_eq!(attempt(2, "wrong password two").await.unwrap().status(), StatusCode::UNAUTHORIZED);
    let third = attempt(3, PASSWORD).await.unwrap();
    assert_eq!(third.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(third.json::<Value>().await.unwrap()["code"], "throttled");
}

#[tokio::test]
async fn an_unknown_email_is_throttled_exactly_like_a_real_account() {
    let app = spawn_app_with(&[("THROTTLE_LOGIN_FAILURES_PER_ACCOUNT", "20")]).await;
    app.signup("ada@example.com", "Ada", PASSWORD).await;
    let mut answers = Vec::new();
    for email in ["ada@example.com", "nobody@example.com"] {
        for _ in 0..3 {
            answers.push(app.login(email, "some wrong password").await.status().as_u16());
        }
    }
    assert_eq!(answers, [401, 401, 429, 401, 401, 429]);
}

#[tokio::test]
async fn a_forged_x_forwarded_for_does_not_escape_the_address_limit_unless_a_proxy_is_trusted() {
    let app = spawn_app_with(&[("THROTTLE_LOGIN_FAILURES_PER_ADDRESS", "30")]).await;
    let mut statuses = Vec::new();
    for n in 0..4 {
        let response = Client::new()
            .post(app.url("/auth/login"))
            .header("x-forwarded-for", format!("198.51.100.{n}"))
            .json(&json!({ "email": format!("guess{n}@example.com"), "password": "some wrong password" }))
            .send()
            .await
            .unwrap();
        statuses.push(response.status().as_u16());
    }
    assert_eq!(statuses, [401, 401, 401, 429]);
}

#[tokio::test]
async fn a_successful_login_forgives_the_accounts_earlier_failures() {
    let app = spawn_app_with(&[("THROTTLE_LOGIN_FAILURES_PER_ACCOUNT", "20")]).await;
    app.signup("ada@example.com", "Ada", PASSWORD).await;
    assert_eq!(app.login("ada@example.com", "some wrong password").await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.login("ada@example.com", PASSWORD).await.status(), StatusCode::OK);
    assert_eq!(app.login("ada@example.com", "some wrong password").await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.login("ada@example.com", PASSWORD).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn signups_from_one_address_are_throttled() {
    let app = spawn_app_with(&[("THROTTLE_SIGNUPS_PER_ADDRESS", "20")]).await;
    assert_eq!(app.signup("a@example.com", "A", PASSWORD).await.status(), StatusCode::OK);
    assert_eq!(app.signup("b@example.com", "B", PASSWORD).await.status(), StatusCode::OK);
    let third = app.signup("c@example.com", "C", PASSWORD).await;
    assert_eq!(third.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(third.headers().contains_key("retry-after"));
}

#[tokio::test]
async fn login_and_signup_from_another_origin_are_refused_with_403_and_change_nothing() {
    let app = spawn_app().await;
    app.signup("ada@example.com", "Ada", PASSWORD).await;
    let client = Client::new();
    let cross_site = [("origin", "http://evil.example"), ("sec-fetch-site", "cross-site")];
    for (header, value) in cross_site {
        let login = client
            .post(app.url("/api/auth/login"))
            .header(header, value)
            .form(&[("email", "ada@example.com"), ("password", PASSWORD)])
            .send()
            .await
            .unwrap();
        assert_eq!(login.status(), StatusCode::FORBIDDEN, "{header}");
        assert!(session_cookie(&login).is_none());
        let signup = client
            .post(app.url("/auth/signup"))
            .header(header, value)
            .json(&json!({ "email": "eve@example.com", "username": "Eve", "password": PASSWORD }))
            .send()
            .await
            .unwrap();
        assert_eq!(signup.status(), StatusCode::FORBIDDEN, "{header}");
        assert_eq!(signup.json::<Value>().await.unwrap()["code"], "cross_site_request");
    }
    let eve = client
        .post(app.url("/auth/login"))
        .json(&json!({ "email": "eve@example.com", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(eve.status(), StatusCode::UNAUTHORIZED, "no account was created");
}

#[tokio::test]
async fn a_cross_site_logout_riding_the_cookie_is_refused_and_the_session_lives_on() {
    let app = spawn_app().await;
    let cookie = session_cookie(&app.signup("ada@example.com", "Ada", PASSWORD).await).unwrap();
    let client = Client::new();
    for path in ["/api/auth/logout", "/auth/logout"] {
        let forged = client
            .post(app.url(path))
            .header("cookie", &cookie)
            .header("origin", "http://127.0.0.1:9")
            .send()
            .await
            .unwrap();
        assert_eq!(forged.status(), StatusCode::FORBIDDEN, "{path}");
    }
    let me = client.get(app.url("/auth/me")).header("cookie", &cookie).send().await.unwrap();
    assert_eq!(me.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_bearer_only_request_is_not_subject_to_the_origin_check() {
    let app = spawn_app().await;
    let cookie = session_cookie(&app.signup("ada@example.com", "Ada", PASSWORD).await).unwrap();
    let token = cookie.split_once('=').unwrap().1;
    let out = Client::new()
        .delete(app.url("/logout"))
        .bearer_auth(token)
        .header("origin", "http://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), StatusCode::OK);
}

#[tokio::test]
async fn an_oversized_body_is_refused_with_413_before_it_is_read() {
    let app = spawn_app().await;
    let huge = json!({ "email": "ada@example.com", "username": "Ada", "password": "x".repeat(100_000) });
    let response = Client::new().post(app.url("/auth/signup")).json(&huge).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn a_page_carries_a_csp_whose_nonce_is_on_its_hydration_script_and_the_other_security_headers() {
    let app = spawn_app().await;
    let response = app.client.get(app.url("/login")).send().await.unwrap();
    let (status, headers) = (response.status(), response.headers().clone());
    let html = response.text().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{headers:?}\n{html}");
    let csp = headers["content-security-policy"].to_str().unwrap();
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .unwrap_or_else(|| panic!("a nonce in the CSP: {csp}\n{html}"));
    assert!(nonce.len() >= 22, "a nonce of at least 128 bits");
    assert!(html.contains(&format!(r#"nonce="{nonce}""#)), "the hydration script carries the nonce");
    assert!(csp.contains("frame-ancestors 'none'") && csp.contains("object-src 'none'"));
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["x-frame-options"], "DENY");
    assert_eq!(headers["referrer-policy"], "same-origin");
    assert_eq!(headers["cache-control"], "no-store", "pages depend on the session");

    let other = app.client.get(app.url("/login")).send().await.unwrap();
    assert_ne!(
        other.headers()["content-security-policy"],
        headers["content-security-policy"],
        "a fresh nonce per response"
    );
}

#[tokio::test]
async fn json_answers_are_never_cached_and_cannot_be_framed_or_run() {
    let app = spawn_app().await;
    for path in ["/auth/me", "/healthz", "/openapi.json"] {
        let response = Client::new().get(app.url(path)).send().await.unwrap();
        assert_eq!(response.headers()["cache-control"], "no-store", "{path}");
        assert!(
            response.headers()["content-security-policy"].to_str().unwrap().starts_with("default-src 'none'"),
            "{path}"
        );
    }
}
