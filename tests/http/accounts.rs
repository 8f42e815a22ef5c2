//! The browser's door: every path of the signup, login, me and logout server functions.
use std::time::Duration;

use crate::common::{session_cookie, session_set_cookie_line, spawn_app, spawn_app_with, PASSWORD, TEST_SECRET};
use latch::auth::server::sessions::token::TokenKeys;
use reqwest::StatusCode;
use serde_json::{json, Value};

#[tokio::test]
async fn signing_up_sets_an_http_only_session_cookie_and_me_shows_the_profile() {
    let app = spawn_app().await;
    let response = app.signup(" Ada@Example.com ", "Ada", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["cache-control"], "no-store");
    assert_eq!(response.headers()["location"], "/profile");
    let line = session_set_cookie_line(&response).expect("a session cookie");
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=1800"] {
        assert!(line.contains(attribute), "{attribute} missing from {line}");
    }
    assert!(!line.contains("Secure"), "plain-http development must not mark the cookie Secure: {line}");

    let me: Value = app.me_with_cookie(session_cookie(&response).as_deref()).await.json().await.unwrap();
    assert_eq!(me["email"], "ada@example.com", "the email is stored normalized");
    assert_eq!(me["username"], "Ada");
    assert!(me["id"].as_i64().unwrap() > 0);
    assert!(me.get("password_hash").is_none());
}

#[tokio::test]
async fn over_https_the_cookie_is_secure_and_host_prefixed() {
    let app = spawn_app_with(&[("PUBLIC_ORIGIN", "https://accounts.example.com")]).await;
    let response = app.signup("ada@example.com", "Ada", PASSWORD).await;
    let line = session_set_cookie_line(&response).expect("a session cookie");
    assert!(line.starts_with("__Host-latch_session="), "{line}");
    assert!(line.contains("Secure"), "{line}");
}

#[tokio::test]
async fn a_duplicate_email_in_other_case_and_spacing_is_refused_with_409() {
    let app = spawn_app().await;
    assert_eq!(app.signup("ada@example.com", "Ada", PASSWORD).await.status(), StatusCode::OK);
    let response = app.signup("  ADA@example.COM", "Other Ada", "another fine passphrase").await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert_eq!(response.json::<Value>().await.unwrap(), json!("EmailTaken"));
}

#[tokio::test]
async fn invalid_signup_fields_are_all_reported_with_422_before_any_hashing() {
    let app = spawn_app().await;
    let before = app.auth.hasher().verifications();
    let response = app.signup("not-an-email", "", "short").await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body,
        json!({ "Invalid": { "email": "EmailMalformed", "username": "UsernameMissing", "password": "PasswordTooShort",
            "others": [] } })
    );
    assert_eq!(app.auth.hasher().verifications(), before);
}

#[tokio::test]
async fn a_password_containing_the_username_is_refused() {
    let app = spawn_app().await;
    let response = app.signup("ada@example.com", "lovelace", "i am lovelace, hello").await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(response.json::<Value>().await.unwrap()["Invalid"]["password"], "PasswordContainsIdentity");
}

#[tokio::test]
async fn a_wrong_password_answers_exactly_like_an_unknown_email_after_the_same_work() {
    let app = spawn_app().await;
    app.signup("ada@example.com", "Ada", PASSWORD).await;

    let before = app.auth.hasher().verifications();
    let wrong = app.login("ada@example.com", "not the right passphrase").await;
    let after_wrong = app.auth.hasher().verifications();
    let unknown = app.login("nobody@example.com", "not the right passphrase").await;
    let after_unknown = app.auth.hasher().verifications();

    assert_eq!((after_wrong - before, after_unknown - after_wrong), (1, 1), "one Argon2 verification each");
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED);
    assert!(session_cookie(&wrong).is_none() && session_cookie(&unknown).is_none());
    let (wrong, unknown) = (wrong.text().await.unwrap(), unknown.text().await.unwrap());
    assert_eq!(wrong, unknown);
    assert_eq!(wrong, r#""InvalidCredentials""#);
}

#[tokio::test]
async fn an_over_long_password_is_refused_before_hashing() {
    let app = spawn_app().await;
    let before = app.auth.hasher().verifications();
    let response = app.login("ada@example.com", &"x".repeat(129)).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.auth.hasher().verifications(), before);
}

#[tokio::test]
async fn logging_in_redirects_to_next_only_when_it_is_a_local_path() {
    let app = spawn_app().await;
    app.signup("ada@example.com", "Ada", PASSWORD).await;
    for (next, expected) in [
        ("/profile?tab=2", "/profile?tab=2"),
        ("https://evil.example/", "/profile"),
        ("//evil.example", "/profile"),
        ("", "/profile"),
    ] {
        let response = app.call("login", &[("email", "ada@example.com"), ("password", PASSWORD), ("next", next)]).await;
        assert_eq!(response.status(), StatusCode::OK, "next={next}");
        assert_eq!(response.headers()["location"], expected, "next={next}");
    }
}

#[tokio::test]
async fn logout_revokes_the_session_so_the_same_token_replayed_is_refused() {
    let app = spawn_app().await;
    let signup = app.signup("ada@example.com", "Ada", PASSWORD).await;
    let cookie = session_cookie(&signup).unwrap();
    assert_eq!(app.me_with_cookie(Some(&cookie)).await.json::<Value>().await.unwrap()["username"], "Ada");

    let logout = app.call("logout", &[]).await;
    assert_eq!(logout.status(), StatusCode::OK);
    let cleared = session_set_cookie_line(&logout).expect("the cookie is cleared");
    assert!(cleared.contains("Max-Age=0"), "{cleared}");

    // The old cookie, replayed by hand, and the same token as a bearer: both refused.
    assert_eq!(app.me_with_cookie(Some(&cookie)).await.json::<Value>().await.unwrap(), Value::Null);
    let token = cookie.split_once('=').unwrap().1;
    let me = reqwest::Client::new().get(app.url("/api/auth/me")).bearer_auth(token).send().await.unwrap();
    assert_eq!(me.json::<Value>().await.unwrap(), Value::Null);
    let count: i64 = sqlx_count(&app, "SELECT COUNT(*) FROM sessions WHERE revoked_at IS NOT NULL").await;
    assert_eq!(count, 1);
}

#[tokio::test]
async fn an_expired_token_is_refused_even_for_a_live_session() {
    let app = spawn_app().await;
    let cookie = session_cookie(&app.signup("ada@example.com", "Ada", PASSWORD).await).unwrap();
    let keys = TokenKeys::new(TEST_SECRET.as_bytes(), Duration::from_secs(60)).unwrap();
    let claims = keys.verify(cookie.split_once('=').unwrap().1).unwrap();
    let expired =
        keys.issue(claims.sub.parse().unwrap(), &claims.jti, latch::auth::server::sessions::unix_now() - 3600).unwrap();
    let me = app.me_with_cookie(Some(&format!("latch_session={expired}"))).await;
    assert_eq!(me.json::<Value>().await.unwrap(), Value::Null);
}

#[tokio::test]
async fn a_tampered_or_foreign_token_is_refused() {
    let app = spawn_app().await;
    let cookie = session_cookie(&app.signup("ada@example.com", "Ada", PASSWORD).await).unwrap();
    let token = cookie.split_once('=').unwrap().1;
    // Claim to be user 2 with the same signature.
    let keys = TokenKeys::new(TEST_SECRET.as_bytes(), Duration::from_secs(60)).unwrap();
    let claims = keys.verify(token).unwrap();
    let forger = TokenKeys::new(b"an attacker's guess at the secret!!", Duration::from_secs(60)).unwrap();
    let forged =
        forger.issue(claims.sub.parse().unwrap(), &claims.jti, latch::auth::server::sessions::unix_now()).unwrap();
    let mut parts: Vec<&str> = token.split('.').collect();
    let altered_payload = parts[1].replacen(|c: char| c.is_ascii_alphanumeric(), "A", 1);
    parts[1] = &altered_payload;
    for bad in [parts.join("."), forged, "not.a.jwt".to_owned()] {
        let me = app.me_with_cookie(Some(&format!("latch_session={bad}"))).await;
        assert_eq!(me.status(), StatusCode::OK);
        assert_eq!(me.json::<Value>().await.unwrap(), Value::Null, "{bad}");
    }
}

#[tokio::test]
async fn without_javascript_a_failed_login_returns_to_the_form_with_the_error_and_no_token_in_the_url() {
    let app = spawn_app().await;
    app.signup("ada@example.com", "Ada", PASSWORD).await;
    let failed = app
        .post_plain_form(
            "login",
            &[("email", "ada@example.com"), ("password", "wrong wrong wrong"), ("next", "/profile")],
            "/login?next=/profile",
        )
        .await;
    assert_eq!(failed.status(), StatusCode::FOUND);
    let location = failed.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.contains("/login?next=%2Fprofile") && location.contains("__err="), "{location}");
    assert!(location.contains("email=ada%40example.com"), "the email comes back to be shown again: {location}");
    assert!(!location.contains("wrong"), "never the password: {location}");

    // A second failure from the page the first one returned to replaces its parameters.
    let path_and_query = location.split_once(&app.addr.to_string()).unwrap().1.to_owned();
    let again = app
        .post_plain_form(
            "login",
            &[("email", "ada@example.com"), ("password", "wrong again, again"), ("next", "/profile")],
            &path_and_query,
        )
        .await;
    let location = again.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!((location.matches("__err=").count(), location.matches("email=").count()), (1, 1), "{location}");

    let ok = app
        .post_plain_form(
            "login",
            &[("email", "ada@example.com"), ("password", PASSWORD), ("next", "/profile")],
            "/login?next=/profile",
        )
        .await;
    assert_eq!(ok.status(), StatusCode::FOUND);
    assert_eq!(ok.headers()["location"], "/profile");
    let token = session_cookie(&ok).unwrap().split_once('=').unwrap().1.to_owned();
    assert!(!ok.headers()["location"].to_str().unwrap().contains(&token));
}

#[tokio::test]
async fn the_profile_page_sends_a_signed_out_visitor_to_log_in_and_back() {
    let app = spawn_app().await;
    let response = app.client.get(app.url("/profile")).header("accept", "text/html").send().await.unwrap();
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(response.headers()["location"], "/login?next=/profile");
}

#[tokio::test]
async fn the_profile_page_is_rendered_for_a_signed_in_person_without_a_signed_out_flash() {
    let app = spawn_app().await;
    let signup = app.signup("ada@example.com", "Ada Lovelace", PASSWORD).await; // the client keeps the cookie
    assert_eq!(signup.status(), StatusCode::OK, "{:?}", signup.text().await);
    let page = app.client.get(app.url("/profile")).header("accept", "text/html").send().await.unwrap();
    let status = page.status();
    let html = page.text().await.unwrap();
    assert!(html.contains("Hello, <!>Ada Lovelace") || html.contains("Hello, Ada Lovelace"), "{status}: {html}");
    assert!(html.contains("ada@example.com"));
    assert!(html.contains("Signed in as"), "the server-rendered nav knows the user");
    assert!(!html.contains(">Log in<"), "no signed-out links for a signed-in person");
}

#[tokio::test]
async fn the_account_page_is_rendered_whole_by_the_server_for_a_signed_in_person() {
    // Its data is loaded before the page renders (`server_fns::page_data`): without
    // JavaScript nothing else would ever fill it in.
    let app = spawn_app().await;
    let signup = app.signup("ada@example.com", "Ada Lovelace", PASSWORD).await; // the client keeps the cookie
    assert_eq!(signup.status(), StatusCode::OK, "{:?}", signup.text().await);
    let page = app.client.get(app.url("/account")).header("accept", "text/html").send().await.unwrap();
    let status = page.status();
    let html = page.text().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("Where you"), "the sessions are on the page: {html}");
    assert!(html.contains("This device"));
    assert!(html.contains("ada@example.com"));
    // The body: the head carries every text of the page's language for the browser.
    let body = &html[html.find("<body").expect("a body")..];
    assert!(!body.contains("Loading your account"), "nothing is left for the browser to load: {html}");
}

/// The opening tag of the page's "Link not working?" line.
fn new_link_hint(html: &str) -> &str {
    let class = html.find("class=\"switch\"").unwrap_or_else(|| panic!("no hint: {html}"));
    let start = html[..class].rfind('<').unwrap();
    &html[start..class + html[class..].find('>').unwrap()]
}

#[tokio::test]
async fn a_mailed_links_page_offers_a_new_link_only_when_it_has_no_token() {
    let app = spawn_app().await;
    for page in ["/verify-email", "/reset-password"] {
        let html = |query: &'static str| {
            let request = app.client.get(app.url(&format!("{page}{query}"))).header("accept", "text/html");
            async move { request.send().await.unwrap().text().await.unwrap() }
        };
        let with_token = html("?token=abc").await;
        assert!(new_link_hint(&with_token).contains("hidden"), "{page}: {with_token}");
        let without = html("").await;
        assert!(!new_link_hint(&without).contains("hidden"), "{page}: {without}");
        assert!(without.contains("Link not working?"));
    }
}

async fn sqlx_count(app: &crate::common::TestApp, sql: &str) -> i64 {
    app.count(sql).await
}
