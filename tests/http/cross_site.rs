//! Cross-site requests the origin check must refuse: `POST /token` with Basic credentials,
//! the production `__Host-` cookie, and the posts a browser sends without a preflight
//! (`text/plain` forms) or from a sibling site (`Sec-Fetch-Site: same-site`).

use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

use crate::common::{spawn_app_with, PASSWORD};

#[tokio::test]
async fn a_cross_site_post_to_token_is_refused_before_the_password_is_checked() {
    let app = spawn_app_with(&[]).await;
    app.signup("ada@example.com", "Ada", PASSWORD).await;
    let verifications = app.auth.hasher().verifications();
    let answer = Client::new()
        .post(app.url("/token"))
        .basic_auth("ada@example.com", Some(PASSWORD))
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::FORBIDDEN);
    assert_eq!(answer.json::<Value>().await.unwrap()["code"], "cross_site_request");
    assert_eq!(app.auth.hasher().verifications(), verifications, "no password was checked");
}

#[tokio::test]
async fn the_production_host_cookie_riding_a_cross_site_post_is_refused_and_the_session_lives_on() {
    let app = spawn_app_with(&[("PUBLIC_ORIGIN", "https://accounts.example.com")]).await;
    app.signup("ada@example.com", "Ada", PASSWORD).await;
    let login =
        Client::new().post(app.url("/auth/login")).json(&json!({ "email": "ada@example.com", "password": PASSWORD }));
    let token = login.send().await.unwrap().json::<Value>().await.unwrap()["access_token"].as_str().unwrap().to_owned();
    let cookie = format!("__Host-latch_session={token}");
    for path in ["/api/auth/logout", "/auth/logout"] {
        let forged = Client::new()
            .post(app.url(path))
            .header("cookie", &cookie)
            .header("origin", "https://evil.example")
            .send()
            .await
            .unwrap();
        assert_eq!(forged.status(), StatusCode::FORBIDDEN, "{path}");
    }
    let me = Client::new().get(app.url("/auth/me")).header("cookie", &cookie).send().await.unwrap();
    assert_eq!(me.status(), StatusCode::OK, "the cookie is read under its __Host- name, and still live");
}

#[tokio::test]
async fn text_plain_and_same_site_posts_to_every_server_function_are_refused() {
    let app = spawn_app_with(&[("THROTTLE_SIGNUPS_PER_ADDRESS", "100000")]).await;
    let cookie = crate::common::session_cookie(&app.signup("ada@example.com", "Ada", PASSWORD).await).unwrap();
    let bodies = [
        ("signup", "email=eve%40example.com&username=Eve&password=correct+horse+battery+staple"),
        ("login", "email=ada%40example.com&password=correct+horse+battery+staple"),
        ("logout", ""),
    ];
    // What an attacker's page can send without a preflight: a text/plain form from another
    // site, and anything from a sibling subdomain (same-site, so SameSite=Lax lets the cookie by).
    let attacks: [&[(&str, &str)]; 2] = [
        &[("content-type", "text/plain"), ("origin", "http://evil.example"), ("sec-fetch-site", "cross-site")],
        &[("content-type", "application/x-www-form-urlencoded"), ("sec-fetch-site", "same-site")],
    ];
    for (endpoint, body) in bodies {
        for headers in attacks {
            let mut request = Client::new().post(app.url(&format!("/api/auth/{endpoint}"))).header("cookie", &cookie);
            for (name, value) in headers {
                request = request.header(*name, *value);
            }
            let answer = request.body(body).send().await.unwrap();
            assert_eq!(answer.status(), StatusCode::FORBIDDEN, "{endpoint} with {headers:?}");
        }
    }
    let me = Client::new().get(app.url("/auth/me")).header("cookie", &cookie).send().await.unwrap();
    assert_eq!(me.status(), StatusCode::OK, "the session survived every attempt");
    let eve =
        Client::new().post(app.url("/auth/login")).json(&json!({ "email": "eve@example.com", "password": PASSWORD }));
    assert_eq!(eve.send().await.unwrap().status(), StatusCode::UNAUTHORIZED, "no account was created");
}

#[tokio::test]
async fn account_changes_riding_the_cookie_from_another_site_are_refused_and_change_nothing() {
    let app = spawn_app_with(&[]).await;
    let cookie = crate::common::session_cookie(&app.signup("ada@example.com", "Ada", PASSWORD).await).unwrap();
    let client = Client::new();
    let password_form = [("current_password", PASSWORD), ("new_password", "a fresh passphrase nobody guesses")];
    let attempts = [
        client.post(app.url("/api/account/password")).form(&password_form),
        client.post(app.url("/api/account/delete")).form(&[("password", PASSWORD)]),
        client.post(app.url("/api/account/revoke-others")),
        client
            .post(app.url("/auth/password"))
            .json(&json!({ "current_password": PASSWORD, "new_password": "a fresh passphrase nobody guesses" })),
        client.delete(app.url("/auth/account")).json(&json!({ "password": PASSWORD })),
        client.post(app.url("/auth/sessions/revoke-others")),
    ];
    for attempt in attempts {
        let answer = attempt.header("cookie", &cookie).header("origin", "https://evil.example").send().await.unwrap();
        assert_eq!(answer.status(), StatusCode::FORBIDDEN, "{}", answer.url());
    }
    let login = client.post(app.url("/auth/login")).json(&json!({ "email": "ada@example.com", "password": PASSWORD }));
    assert_eq!(
        login.send().await.unwrap().status(),
        StatusCode::OK,
        "the password is unchanged and the account exists"
    );
}

/// Every route that changes state, from both doors: each server function Leptos registered,
/// and each non-GET operation the JSON API publishes (path parameters filled with `1`).
async fn every_state_changing_route(app: &crate::common::TestApp) -> Vec<(reqwest::Method, String)> {
    let mut routes: Vec<(reqwest::Method, String)> = leptos::server_fn::axum::server_fn_paths()
        .filter(|(_, method)| *method != axum::http::Method::GET)
        .map(|(path, method)| (method.as_str().parse().unwrap(), path.to_owned()))
        .collect();
    let spec: Value = Client::new().get(app.url("/openapi.json")).send().await.unwrap().json().await.unwrap();
    for (path, operations) in spec["paths"].as_object().unwrap() {
        for method in operations.as_object().unwrap().keys().filter(|m| *m != "get") {
            let filled: String = path
                .split('/')
                .map(|part| if part.starts_with('{') { "1" } else { part })
                .collect::<Vec<_>>()
                .join("/");
            routes.push((method.to_uppercase().parse().unwrap(), filled));
        }
    }
    routes
}

#[tokio::test]
async fn every_route_that_changes_state_refuses_a_browser_from_another_site_cookie_or_not() {
    let app = spawn_app_with(&[]).await;
    let cookie = crate::common::session_cookie(&app.signup("ada@example.com", "Ada", PASSWORD).await).unwrap();
    let routes = every_state_changing_route(&app).await;
    assert!(routes.iter().any(|(_, path)| path == "/api/auth/code"), "the browser's second step is walked: {routes:?}");
    assert!(routes.len() >= 30, "{} routes walked", routes.len());
    // A sibling site (same-site: SameSite cookies ride along) and another site (no cookie at
    // all, as a login CSRF needs none); a planted challenge cookie with both.
    let attacks: [&[(&str, &str)]; 2] = [
        &[("sec-fetch-site", "same-site"), ("origin", "http://sibling.127.0.0.1.example")],
        &[("sec-fetch-site", "cross-site"), ("origin", "http://evil.example")],
    ];
    for (method, path) in &routes {
        for (attack, with_cookie) in attacks.iter().zip([true, false]) {
            let mut request = Client::new().request(method.clone(), app.url(path)).body("code=123456");
            request = request.header("content-type", "application/x-www-form-urlencoded");
            let mut cookies = String::from("latch_challenge=planted-by-a-sibling");
            if with_cookie {
                // A bearer beside the cookie does not make it a program's request.
                cookies = format!("{cookie}; {cookies}");
                request = request.bearer_auth(cookie.split_once('=').unwrap().1);
            }
            request = request.header("cookie", cookies);
            for (name, value) in *attack {
                request = request.header(*name, *value);
            }
            let answer = request.send().await.unwrap();
            assert_eq!(answer.status(), StatusCode::FORBIDDEN, "{method} {path} with {attack:?}");
        }
    }
    let me = Client::new().get(app.url("/auth/me")).header("cookie", &cookie).send().await.unwrap();
    assert_eq!(me.status(), StatusCode::OK, "the session survived every attempt");
}
