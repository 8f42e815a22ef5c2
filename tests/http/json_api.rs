//! The JSON API: the seed's routes, statuses, shapes and messages, plus a `code` everywhere.
use crate::common::{session_cookie, spawn_app, TestApp, PASSWORD};
use reqwest::{Response, StatusCode};
use serde_json::{json, Value};

async fn post_json(app: &TestApp, path: &str, body: Value) -> Response {
    reqwest::Client::new().post(app.url(path)).json(&body).send().await.unwrap()
}

async fn get_with_bearer(app: &TestApp, path: &str, token: &str) -> Response {
    reqwest::Client::new().get(app.url(path)).bearer_auth(token).send().await.unwrap()
}

async fn signed_up_token(app: &TestApp) -> String {
    app.bearer_of_new_account("ada@example.com", "Ada").await
}

#[tokio::test]
async fn signup_answers_the_new_user_and_refuses_a_duplicate_with_the_seeds_400() {
    let app = spawn_app().await;
    let created =
        post_json(&app, "/auth/signup", json!({ "email": "Ada@Example.com", "password": PASSWORD, "username": "Ada" }))
            .await;
    assert_eq!(created.status(), StatusCode::OK);
    let body: Value = created.json().await.unwrap();
    assert_eq!(body, json!({ "id": body["id"], "email": "ada@example.com", "username": "Ada" }));
    assert!(body["id"].as_i64().unwrap() > 0);

    let again =
        post_json(&app, "/auth/signup", json!({ "email": "ada@example.com", "password": PASSWORD, "username": "Ada" }))
            .await;
    assert_eq!(again.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        again.json::<Value>().await.unwrap(),
        json!({ "detail": "Email already registered", "code": "email_taken" })
    );
}

#[tokio::test]
async fn invalid_or_malformed_bodies_answer_422_with_a_fastapi_detail_list() {
    let app = spawn_app().await;
    let invalid =
        post_json(&app, "/auth/signup", json!({ "email": "bad", "password": "short", "username": "Ada" })).await;
    assert_eq!(invalid.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = invalid.json().await.unwrap();
    assert_eq!(body["code"], "invalid_input");
    assert_eq!(body["detail"][0]["loc"], json!(["body", "email"]));
    assert_eq!(body["detail"][1]["loc"], json!(["body", "password"]));
    assert!(!body.to_string().contains("short"), "the password is never echoed");

    let missing = post_json(&app, "/auth/signup", json!({ "email": "ada@example.com", "password": PASSWORD })).await;
    assert_eq!(missing.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        missing.json::<Value>().await.unwrap()["detail"],
        json!([{ "type": "missing", "loc": ["body", "username"], "msg": "Field required" }])
    );

    let broken = reqwest::Client::new()
        .post(app.url("/auth/login"))
        .header("content-type", "application/json")
        .body("{bad json")
        .send()
        .await
        .unwrap();
    assert_eq!(broken.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(broken.json::<Value>().await.unwrap()["detail"][0]["type"], "json_invalid");
}

#[tokio::test]
async fn login_answers_a_bearer_token_and_a_wrong_password_the_seeds_401() {
    let app = spawn_app().await;
    let token = signed_up_token(&app).await;
    assert_eq!(token.split('.').count(), 3);

    let login = post_json(&app, "/auth/login", json!({ "email": "ada@example.com", "password": PASSWORD })).await;
    assert_eq!(login.headers()["cache-control"], "no-store");
    assert_eq!(login.json::<Value>().await.unwrap()["token_type"], "bearer");

    for email in ["ada@example.com", "nobody@example.com"] {
        let wrong = post_json(&app, "/auth/login", json!({ "email": email, "password": "not the right one" })).await;
        assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(wrong.headers()["www-authenticate"], "Bearer");
        assert_eq!(
            wrong.json::<Value>().await.unwrap(),
            json!({ "detail": "Incorrect email or password", "code": "invalid_credentials" })
        );
    }
}

#[tokio::test]
async fn me_and_protected_answer_the_caller_and_refuse_others_as_the_seed_did() {
    let app = spawn_app().await;
    let token = signed_up_token(&app).await;

    let me = get_with_bearer(&app, "/auth/me", &token).await;
    assert_eq!(me.status(), StatusCode::OK);
    let me: Value = me.json().await.unwrap();
    assert_eq!((me["email"].as_str(), me["username"].as_str()), (Some("ada@example.com"), Some("Ada")));
    let protected = get_with_bearer(&app, "/protected", &token).await.json::<Value>().await.unwrap();
    assert_eq!(protected, json!({ "user": "ada@example.com", "message": "This is a protected route!" }));

    let anonymous = reqwest::get(app.url("/auth/me")).await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(anonymous.headers()["www-authenticate"], "Bearer");
    assert_eq!(anonymous.json::<Value>().await.unwrap()["detail"], "Not authenticated");

    let forged = get_with_bearer(&app, "/protected", "e30.e30.AAAA").await;
    assert_eq!(forged.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(forged.headers()["www-authenticate"], "Bearer");
    assert_eq!(
        forged.json::<Value>().await.unwrap(),
        json!({ "detail": "인증 정보를 확인할 수 없습니다", "code": "invalid_token" })
    );
}

#[tokio::test]
async fn token_accepts_http_basic_and_answers_the_seeds_400_on_wrong_credentials() {
    let app = spawn_app().await;
    signed_up_token(&app).await;
    let client = reqwest::Client::new();
    let ok = client.post(app.url("/token")).basic_auth("ada@example.com", Some(PASSWORD)).send().await.unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    let token = ok.json::<Value>().await.unwrap()["access_token"].as_str().unwrap().to_owned();
    assert_eq!(get_with_bearer(&app, "/auth/me", &token).await.status(), StatusCode::OK);

    let wrong =
        client.post(app.url("/token")).basic_auth("ada@example.com", Some("wrong password")).send().await.unwrap();
    assert_eq!(wrong.status(), StatusCode::BAD_REQUEST);
    assert_eq!(wrong.json::<Value>().await.unwrap()["detail"], "Incorrect username or password");

    let none = client.post(app.url("/token")).send().await.unwrap();
    assert_eq!(none.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(none.headers()["www-authenticate"], "Basic");
}

#[tokio::test]
async fn logout_by_delete_or_post_revokes_the_token() {
    let app = spawn_app().await;
    let token = signed_up_token(&app).await;
    let client = reqwest::Client::new();
    let out = client.delete(app.url("/logout")).bearer_auth(&token).send().await.unwrap();
    assert_eq!(out.status(), StatusCode::OK);
    assert_eq!(out.json::<Value>().await.unwrap(), json!({ "message": "Successfully logged out" }));
    assert_eq!(get_with_bearer(&app, "/auth/me", &token).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        client.delete(app.url("/logout")).bearer_auth(&token).send().await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );

    let second = post_json(&app, "/auth/login", json!({ "email": "ada@example.com", "password": PASSWORD })).await;
    let token = second.json::<Value>().await.unwrap()["access_token"].as_str().unwrap().to_owned();
    assert_eq!(client.post(app.url("/auth/logout")).bearer_auth(&token).send().await.unwrap().status(), StatusCode::OK);
    assert_eq!(get_with_bearer(&app, "/protected", &token).await.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_cookie_and_the_bearer_carry_one_session_so_logging_out_through_either_ends_both() {
    let app = spawn_app().await;
    let browser = app.signup("ada@example.com", "Ada", PASSWORD).await;
    let cookie = session_cookie(&browser).unwrap();
    let token = cookie.split_once('=').unwrap().1.to_owned();
    let by_cookie = reqwest::Client::new().get(app.url("/auth/me")).header("cookie", &cookie).send().await.unwrap();
    assert_eq!(by_cookie.status(), StatusCode::OK);

    let out = reqwest::Client::new().delete(app.url("/logout")).bearer_auth(&token).send().await.unwrap();
    assert_eq!(out.status(), StatusCode::OK);
    let after = reqwest::Client::new().get(app.url("/auth/me")).header("cookie", &cookie).send().await.unwrap();
    assert_eq!(after.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_openapi_document_describes_every_route() {
    let app = spawn_app().await;
    let doc: Value = reqwest::get(app.url("/openapi.json")).await.unwrap().json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    for (path, method) in [
        ("/auth/signup", "post"),
        ("/auth/login", "post"),
        ("/auth/me", "get"),
        ("/token", "post"),
        ("/protected", "get"),
        ("/logout", "delete"),
        ("/auth/logout", "post"),
        ("/auth/sessions", "get"),
        ("/auth/sessions/{id}", "delete"),
        ("/auth/sessions/revoke-others", "post"),
        ("/auth/password", "post"),
        ("/auth/events", "get"),
        ("/auth/export", "get"),
        ("/auth/account", "delete"),
    ] {
        assert!(doc["paths"][path][method].is_object(), "{method} {path} is not described");
    }
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    assert_eq!(doc["components"]["securitySchemes"]["cookie"]["name"], "latch_session");
}

#[tokio::test]
async fn over_https_the_openapi_document_names_the_cookie_as_the_browser_sees_it() {
    let app = crate::common::spawn_app_with(&[("PUBLIC_ORIGIN", "https://accounts.example.com")]).await;
    let doc: Value = reqwest::get(app.url("/openapi.json")).await.unwrap().json().await.unwrap();
    assert_eq!(doc["components"]["securitySchemes"]["cookie"]["name"], "__Host-latch_session");
}

/// `PUT /auth/notices`: the new-device mail switched off and on by a program, and a body
/// without the switch refused with what FastAPI's clients read.
#[tokio::test]
async fn a_program_turns_the_new_device_mail_off_and_on() {
    let app = crate::common::spawn_app().await;
    let bearer = app.bearer_of_new_account("ada@example.com", "Ada").await;
    let put = |body: serde_json::Value| {
        reqwest::Client::new().put(app.url("/auth/notices")).bearer_auth(&bearer).json(&body).send()
    };
    let notify = || async { crate::email::account(&app, &bearer).await["notify_new_device"].clone() };
    assert_eq!(notify().await, true);
    let off = put(serde_json::json!({ "new_device": false })).await.unwrap();
    assert_eq!(off.status(), reqwest::StatusCode::OK);
    assert_eq!(off.json::<serde_json::Value>().await.unwrap(), serde_json::json!({ "new_device": false }));
    assert_eq!(notify().await, false);
    for wrong in [serde_json::json!({}), serde_json::json!({ "new_device": "no" })] {
        let refused = put(wrong.clone()).await.unwrap();
        assert_eq!(refused.status(), reqwest::StatusCode::UNPROCESSABLE_ENTITY, "{wrong}");
        assert!(refused.json::<serde_json::Value>().await.unwrap()["detail"].is_array());
    }
    assert_eq!(notify().await, false, "a refused body changes nothing");
    assert_eq!(put(serde_json::json!({ "new_device": true })).await.unwrap().status(), reqwest::StatusCode::OK);
    assert_eq!(notify().await, true);
    let anonymous =
        reqwest::Client::new().put(app.url("/auth/notices")).json(&serde_json::json!({ "new_device": false }));
    assert_eq!(anonymous.send().await.unwrap().status(), reqwest::StatusCode::UNAUTHORIZED);
}
